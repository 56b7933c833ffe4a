import Foundation

extension PayloadEncoding where Item: Encodable & SendableMetatype {
    /// JSON through Foundation's `JSONEncoder` (sorted keys): convenient for any `Encodable` type, several times
    /// slower than a ``PayloadEncodable`` conformance written with ``JSONObjectWriter``.
    public static var json: PayloadEncoding {
        PayloadEncoding { item, bytes in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            bytes.append(contentsOf: try encoder.encode(item))
        }
    }
}
