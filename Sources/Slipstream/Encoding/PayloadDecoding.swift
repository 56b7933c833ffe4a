import SlipstreamJSON

/// How a source turns payload bytes into an item.
///
/// Each source instance makes its own decoder (``makeDecoder``) and uses it on its own thread, so a decoder may
/// keep reusable buffers. A decoder that throws marks the record as a dead letter, with the error's description
/// as the reason.
public struct PayloadDecoding<Item>: Sendable {
    /// Makes one instance's decoding function.
    public let makeDecoder: @Sendable () -> (UnsafeRawBufferPointer) throws -> Item

    /// Decodes with functions made by `makeDecoder`, one per source instance.
    @inlinable
    public init(makeDecoder: @escaping @Sendable () -> (UnsafeRawBufferPointer) throws -> Item) {
        self.makeDecoder = makeDecoder
    }
}

extension PayloadDecoding where Item: Decodable & SendableMetatype {
    /// A flat JSON object decoded by SlipstreamJSON's simdjson-based ``JSONEventDecoder``.
    @inlinable
    public static var json: PayloadDecoding { json(JSONEventDecoder.Options()) }

    /// A flat JSON object decoded by ``JSONEventDecoder`` with the given options (date representation, limits).
    /// Inlinable, so that the decoding function is specialized for `Item` where the pipeline is declared.
    @inlinable
    public static func json(_ options: JSONEventDecoder.Options) -> PayloadDecoding {
        PayloadDecoding {
            let decoder = JSONEventDecoder(options: options)
            return { bytes in try decoder.decode(Item.self, from: bytes) }
        }
    }
}
