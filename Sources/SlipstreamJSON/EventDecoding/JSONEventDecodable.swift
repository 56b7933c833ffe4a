/// A type that decodes from a parsed JSON object without going through `Decoder`: the fast path of
/// ``JSONEventDecoder`` for flat events.
///
/// Do not conform by hand: attach ``JSONEvent()`` to a `Decodable` struct, and the macro writes
/// ``init(jsonFields:)`` to give exactly what the struct's synthesized `init(from:)` gives through
/// ``JSONEventDecoder`` (the same values, the same ``JSONDecodeError``s), only faster: each stored property is read
/// from the field table by a concrete accessor of ``JSONEventFields``, with none of `Codable`'s generic containers.
///
/// ``JSONEventDecoder``'s `decode` methods and Slipstream's `PayloadDecoding.json` pick this path whenever the type
/// conforms, at compile time.
public protocol JSONEventDecodable: Decodable {
    /// Reads the value from the fields of one parsed object.
    ///
    /// `fields` is valid only during the call: do not keep it.
    ///
    /// - Throws: ``JSONDecodeError``, as the `Decodable` path would for the same document.
    init(jsonFields fields: JSONEventFields) throws(JSONDecodeError)
}
