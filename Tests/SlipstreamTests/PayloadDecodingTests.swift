import Slipstream
import Testing

/// `PayloadDecoding.json` takes the `@JSONEvent` path whenever the item type has one.
@Suite("PayloadDecoding.json")
struct PayloadDecodingTests {
    /// Says which path decoded it.
    struct Marker: JSONEventDecodable, Sendable {
        var path: String
        init(from decoder: any Decoder) throws { path = "Decodable" }
        init(jsonFields fields: JSONEventFields) throws(JSONDecodeError) { path = "JSONEventDecodable" }
    }

    @JSONEvent
    struct Reading: Decodable, Equatable, Sendable {
        var sensor: String
        var value: Double
        var at: Int64

        enum CodingKeys: String, CodingKey {
            case sensor, value
            case at = "ts"
        }
    }

    struct PlainReading: Decodable, Equatable, Sendable {
        var sensor: String
    }

    /// What generic code over `Decodable` items (such as `Source.kafka(_:as:)`) gets.
    static func generic<T: Decodable & SendableMetatype>(_ type: T.Type) -> PayloadDecoding<T> { .json }

    static func decode<T>(_ decoding: PayloadDecoding<T>, _ text: String) throws -> T {
        let decode = decoding.makeDecoder()
        return try Array(text.utf8).withUnsafeBytes { try decode($0) }
    }

    @Test func choosesTheEventPathStaticallyAndInGenericCode() throws {
        let declared: PayloadDecoding<Marker> = .json
        #expect(try Self.decode(declared, "{}").path == "JSONEventDecodable")
        #expect(try Self.decode(PayloadDecoding<Marker>.json(JSONEventDecoder.Options()), "{}").path == "JSONEventDecodable")
        #expect(try Self.decode(Self.generic(Marker.self), "{}").path == "JSONEventDecodable")
    }

    @Test func decodesEventsAndReportsTheDecodableErrors() throws {
        let text = #"{"ts":5,"sensor":"s-1","value":0.5}"#
        let expected = Reading(sensor: "s-1", value: 0.5, at: 5)
        #expect(try Self.decode(PayloadDecoding<Reading>.json, text) == expected)
        #expect(try Self.decode(Self.generic(Reading.self), text) == expected)
        #expect(try Self.decode(PayloadDecoding<PlainReading>.json, text) == PlainReading(sensor: "s-1"))
        #expect(throws: JSONDecodeError.self) { try Self.decode(PayloadDecoding<Reading>.json, #"{"sensor":"s","value":1}"#) }
        do {
            _ = try Self.decode(PayloadDecoding<Reading>.json, #"{"sensor":"s","value":"1","ts":1}"#)
            Issue.record("decoded a string as a number")
        } catch {
            #expect("\(error)" == #"field "value": expected number, got string"#)
        }
    }
}
