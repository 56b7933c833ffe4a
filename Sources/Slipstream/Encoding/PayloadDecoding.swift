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
    ///
    /// An item type marked `@JSONEvent` (a ``JSONEventDecodable``) is decoded by its generated initializer, faster
    /// than through `Decodable`, with the same results and errors.
    @inlinable
    public static var json: PayloadDecoding { json(JSONEventDecoder.Options()) }

    /// A flat JSON object decoded by ``JSONEventDecoder`` with the given options (date representation, limits).
    /// Inlinable, so that the decoding function is specialized for `Item` where the pipeline is declared.
    ///
    /// Where the pipeline names a ``JSONEventDecodable`` item type, the overload for those types is chosen at
    /// compile time. Code that is generic over `Decodable` items lands here instead; it still gets the
    /// `@JSONEvent` path: the conformance is checked once per source instance, when its decoding function is
    /// made, never per item.
    @inlinable
    public static func json(_ options: JSONEventDecoder.Options) -> PayloadDecoding {
        PayloadDecoding {
            let decoder = JSONEventDecoder(options: options)
            if let event = Item.self as? any JSONEventDecodable.Type {
                return eventDecoding(event, decoder)
            }
            return { bytes in try decoder.decode(Item.self, from: bytes) }
        }
    }

    /// The `@JSONEvent` path for an `Item` known to be the ``JSONEventDecodable`` type `T` only at run time.
    @usableFromInline
    static func eventDecoding<T: JSONEventDecodable>(
        _ type: T.Type, _ decoder: JSONEventDecoder
    ) -> (UnsafeRawBufferPointer) throws -> Item {
        let decode: (UnsafeRawBufferPointer) throws -> T = { bytes in try decoder.decode(T.self, from: bytes) }
        // T is Item, so the function types are the same: this cast, made once, cannot fail.
        return decode as! (UnsafeRawBufferPointer) throws -> Item
    }
}

extension PayloadDecoding where Item: JSONEventDecodable & SendableMetatype {
    /// A flat JSON object decoded into a `@JSONEvent` type by its generated initializer (see
    /// ``JSONEventDecodable``): the same results and errors as the `Decodable` path, faster.
    /// Chosen at compile time over the `Decodable` overload.
    @inlinable
    public static var json: PayloadDecoding { json(JSONEventDecoder.Options()) }

    /// A flat JSON object decoded into a `@JSONEvent` type by ``JSONEventDecoder`` with the given options.
    @inlinable
    public static func json(_ options: JSONEventDecoder.Options) -> PayloadDecoding {
        PayloadDecoding {
            let decoder = JSONEventDecoder(options: options)
            return { bytes in try decoder.decode(Item.self, from: bytes) }
        }
    }
}
