/// Decodes the struct it is attached to from flat JSON events without `Codable`'s generic machinery, with the same
/// results and the same errors as its `Decodable` conformance: about 1.7 times as many events per second for a
/// 10-field event, the rest of the time being the parse itself and the `String`s made.
///
/// ```swift
/// @JSONEvent
/// struct Payment: Decodable {
///     var id: String
///     var amount: Double
///     var time: Int64
///     var note: String?                 // absent or null: nil
///     var receivedAt: Int64 = 0         // not in CodingKeys: keeps its default
///
///     enum CodingKeys: String, CodingKey {
///         case id, amount, note
///         case time = "ts"              // renames are respected
///     }
/// }
/// ```
///
/// The macro adds a conformance to ``JSONEventDecodable`` whose initializer reads every property the synthesized
/// `init(from:)` would decode, under the same JSON keys: the raw values of a `CodingKeys` enum declared in the
/// struct's body, or else the property names. `String`, `Bool`, `Double`, `Float`, the fixed-width integer types
/// and their optionals are read straight from the parsed field table; a property of any other `Decodable` type
/// (an enum, a nested struct, `Date`, an array) is decoded by ``JSONEventDecoder``'s `Decodable` path, for that
/// field only.
///
/// ``JSONEventDecoder`` and Slipstream's `PayloadDecoding.json` use the fast path automatically. The struct must
/// keep its synthesized `Decodable` conformance (no `init(from:)` of its own, which the macro rejects), and its
/// `CodingKeys`, if any, must be declared in the struct's body, where the macro can read them. (When the body
/// declares none, the macro declares the ones synthesis would make, so that `CodingKeys` declared in an extension
/// fail to compile rather than decode differently.)
@attached(member, names: named(CodingKeys))
@attached(extension, conformances: JSONEventDecodable, names: named(init(jsonFields:)))
public macro JSONEvent() = #externalMacro(module: "SlipstreamJSONMacros", type: "JSONEventMacro")
