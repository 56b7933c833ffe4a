/// A value that writes itself as a message payload (a Kafka value, a JSON Lines line), appending bytes to a
/// buffer the sink reuses for every item: no allocation per item when the encoding needs none.
///
/// `String` and `[UInt8]` conform (their bytes as they are). For flat JSON output, write fields with
/// ``JSONObjectWriter``:
///
/// ```swift
/// extension Score: PayloadEncodable {
///     func encodePayload(into bytes: inout [UInt8]) {
///         JSONObjectWriter.write(into: &bytes) { $0.field("id", id); $0.field("score", score) }
///     }
/// }
/// ```
public protocol PayloadEncodable {
    /// Appends the payload's bytes to `bytes`.
    func encodePayload(into bytes: inout [UInt8]) throws
}

extension String: PayloadEncodable {
    public func encodePayload(into bytes: inout [UInt8]) {
        bytes.append(contentsOf: utf8)
    }
}

extension Array: PayloadEncodable where Element == UInt8 {
    public func encodePayload(into bytes: inout [UInt8]) {
        bytes.append(contentsOf: self)
    }
}

/// How a sink turns an item into payload bytes.
public struct PayloadEncoding<Item>: Sendable {
    let encode: @Sendable (Item, inout [UInt8]) throws -> Void

    /// Encodes with a function appending the payload's bytes to the buffer it is given.
    public static func custom(_ encode: @escaping @Sendable (Item, inout [UInt8]) throws -> Void) -> PayloadEncoding {
        PayloadEncoding(encode: encode)
    }
}

extension PayloadEncoding where Item: PayloadEncodable & SendableMetatype {
    /// The item's own ``PayloadEncodable`` bytes.
    public static var payload: PayloadEncoding {
        PayloadEncoding { item, bytes in try item.encodePayload(into: &bytes) }
    }
}
