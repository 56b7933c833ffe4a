import Foundation
import Testing
@testable import SlipstreamJSON

/// The `@JSONEvent` path and the `Decodable` path of ``JSONEventDecoder`` give the same values and the same errors.
@Suite("@JSONEvent agrees with Decodable")
struct EventMacroAgreementTests {
    /// Decodes `T` by its synthesized `Decodable` initializer: the generic constraint hides the fast overload.
    static func viaCodable<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], _ decoder: JSONEventDecoder) -> Result<T, JSONDecodeError> {
        Result { () throws(JSONDecodeError) in try decoder.decode(T.self, from: bytes) }
    }

    static func viaMacro<T: JSONEventDecodable>(_ type: T.Type, _ bytes: [UInt8], _ decoder: JSONEventDecoder) -> Result<T, JSONDecodeError> {
        Result { () throws(JSONDecodeError) in try decoder.decode(T.self, from: bytes) }
    }

    /// Both paths on `text`, each with a decoder of its own and with one shared decoder (key hints crossing paths).
    @discardableResult
    static func agree<T: JSONEventDecodable & Equatable>(
        _ type: T.Type, _ text: String, shared: JSONEventDecoder = JSONEventDecoder(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Result<T, JSONDecodeError> {
        let bytes = Array(text.utf8)
        let codable = viaCodable(type, bytes, JSONEventDecoder())
        let macro = viaMacro(type, bytes, JSONEventDecoder())
        #expect(macro == codable, "\(text)", sourceLocation: sourceLocation)
        #expect(viaMacro(type, bytes, shared) == codable, "\(text) (shared decoder)", sourceLocation: sourceLocation)
        #expect(viaCodable(type, bytes, shared) == codable, "\(text) (shared decoder)", sourceLocation: sourceLocation)
        return macro
    }

    static let allPrimitives =
        #"{"s":"x","b":true,"d":1.5,"f":2.5,"i":-1,"i8":-8,"i16":-16,"i32":-32,"i64":-64,"u":1,"u8":8,"u16":16,"u32":32,"u64":64}"#

    @Test func validPrimitivesDecodeToTheSameValues() throws {
        let decoded = try Self.agree(AllPrimitives.self, Self.allPrimitives).get()
        #expect(decoded == AllPrimitives(s: "x", b: true, d: 1.5, f: 2.5, i: -1, i8: -8, i16: -16, i32: -32, i64: -64,
                                         u: 1, u8: 8, u16: 16, u32: 32, u64: 64))
    }

    /// One field of `AllPrimitives` replaced by `value` (or removed when nil).
    static func primitives(_ key: String, _ value: String?) -> String {
        var text = allPrimitives
        let pattern = try! Regex(#""\#(key)":[^,}]*"#)
        if let value {
            text.replace(pattern, with: #""\#(key)":\#(value)"#, maxReplacements: 1)
        } else {
            text.replace(try! Regex(#",?"\#(key)":[^,}]*"#), with: "", maxReplacements: 1)
            if text.hasPrefix("{,") { text.remove(at: text.index(after: text.startIndex)) }
        }
        return text
    }

    @Test(arguments: ["s", "b", "d", "f", "i", "i8", "i16", "i32", "i64", "u", "u8", "u16", "u32", "u64"])
    func everyFieldFailsTheSameWay(key: String) throws {
        let values: [String?] = [
            nil, "null", #""text""#, "true", "false", "3.0", "3.5", "-3", "1e3", "-0", "0.0", "1e300", "-1e300",
            "300", "-300", "70000", "-70000", "5000000000", "-5000000000", "9223372036854775807",
            "9223372036854775808", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
            "-9223372036854775809", "3.4028236e38", "1e-50", #"[1,2]"#, #"{"a":1}"#, #""a\"b\\c\u00e9\ud83d\ude00""#,
        ]
        for value in values {
            let result = Self.agree(AllPrimitives.self, Self.primitives(key, value))
            if value == nil {
                #expect(result.failure?.description == "missing field \"\(key)\"")
            }
        }
    }

    @Test func errorDescriptionsAreTheDecodableOnes() {
        #expect(Self.agree(AllPrimitives.self, Self.primitives("d", #""12""#)).failure?.description
                == #"field "d": expected number, got string"#)
        #expect(Self.agree(AllPrimitives.self, Self.primitives("i", "3.5")).failure?.description
                == #"field "i": expected integer, got 3.5"#)
        #expect(Self.agree(AllPrimitives.self, Self.primitives("u8", "300")).failure?.description
                == #"field "u8": 300 is out of range for UInt8"#)
        #expect(Self.agree(AllPrimitives.self, Self.primitives("b", "null")).failure?.description
                == #"field "b": expected bool, got null"#)
        #expect(Self.agree(AllPrimitives.self, Self.primitives("f", "1e300")).failure?.description
                == #"field "f": 1e300 is out of range for Float"#)
        #expect(Self.agree(AllPrimitives.self, Self.primitives("i", "3.0")).success?.i == 3)
    }

    @Test func optionalsAreNilWhenAbsentOrNull() throws {
        let empty = try Self.agree(AllOptionals.self, "{}").get()
        #expect(empty == AllOptionals(u8: nil))
        let nulls = try Self.agree(AllOptionals.self, #"{"s":null,"b":null,"d":null,"u8":null,"u64":null}"#).get()
        #expect(nulls == AllOptionals(u8: nil))
        let full = Self.allPrimitives
        let decoded = try Self.agree(AllOptionals.self, full).get()
        #expect(decoded.u64 == 64 && decoded.s == "x" && decoded.f == 2.5)
        for key in ["s", "b", "d", "f", "i", "i8", "u8", "u64"] {
            Self.agree(AllOptionals.self, "{\"\(key)\":[]}")
            Self.agree(AllOptionals.self, "{\"\(key)\":\"1\"}")
            Self.agree(AllOptionals.self, "{\"\(key)\":-1.5}")
            Self.agree(AllOptionals.self, "{\"\(key)\":1e30}")
        }
    }

    @Test func renamedKeysAndSkippedDefaults() throws {
        let text = #"{"payment_id":"p-1","amount":2.5,"the \"note\"":"hi","n":4,"receivedAt":99,"comment":"c","version":9}"#
        let decoded = try Self.agree(RenamedEvent.self, text).get()
        #expect(decoded.paymentID == "p-1" && decoded.note == "hi" && decoded.count == 4)
        #expect(decoded.receivedAt == 7 && decoded.comment == nil && decoded.version == 3)
        // The Swift names are not keys.
        #expect(Self.agree(RenamedEvent.self, #"{"paymentID":"p-1","amount":2.5,"n":1}"#).failure?.description
                == #"missing field "payment_id""#)
        #expect(Self.agree(RenamedEvent.self, #"{"payment_id":"p","amount":1,"count":1}"#).failure?.description
                == #"missing field "n""#)
    }

    @Test func documentsOfEveryShape() {
        let documents = [
            // Reordered, extra fields, duplicates (the first occurrence wins), escapes in keys and values.
            #"{"amount":1,"n":2,"payment_id":"a"}"#,
            #"{"x":[1,{"y":2}],"payment_id":"a","amount":1,"extra":{"n":5},"n":2,"z":null}"#,
            #"{"payment_id":"first","amount":1,"n":2,"payment_id":"second","amount":"no"}"#,
            #"{"payment_id":7,"payment_id":"second","amount":1,"n":2}"#,
            #"{"pay\u006dent_id":"esc\u00e9\n\t\"","amount":1e-3,"n":2,"the \"note\"":"\ud83d\ude00"}"#,
            #"{"payment_id":"a","amount":1,"n":2,"the \"note\"":null}"#,
            #"{"payment_id":"a","amount":1,"n":2147483648}"#,
            #"{"payment_id":"a","amount":1,"n":-2147483648}"#,
            #"{"payment_id":"a","amount":-0.0,"n":2e0}"#,
            // Not an object, not JSON, truncated.
            #"[1,2]"#, #""text""#, "42", "null", "", "   ", #"{"payment_id":"a""#, #"{"payment_id":"a",}"#,
            #"{"payment_id":"a" "amount":1}"#, "{\"payment_id\":\"\u{1}\"}", #"{"a":1} {"b":2}"#,
        ]
        let shared = JSONEventDecoder()
        for text in documents {
            Self.agree(RenamedEvent.self, text, shared: shared)
        }
        #expect(Self.agree(RenamedEvent.self, documents[2]).success?.paymentID == "first")
        #expect(Self.agree(RenamedEvent.self, documents[4]).success?.paymentID == "esc\u{e9}\n\t\"")
        #expect(Self.agree(RenamedEvent.self, "[1,2]").failure?.description == "expected a JSON object, got an array")
    }

    @Test func otherTypesFallBackToTheDecodablePath() throws {
        let text = #"{"id":"e","kind":"click","tags":["a","b"],"inner":{"x":1},"at":10,"maybe":null,"amount":2,"default":true}"#
        let decoded = try Self.agree(MixedEvent.self, text).get()
        #expect(decoded.kind == .click && decoded.tags == ["a", "b"] && decoded.inner == Inner(x: 1, y: nil))
        #expect(decoded.at == Date(timeIntervalSinceReferenceDate: 10) && decoded.maybe == nil && decoded.default)
        // An optional behind a type alias is still `decodeIfPresent`: absent is nil, not a missing field.
        let withoutMaybe = #"{"id":"e","kind":"view","tags":[],"at":1,"amount":2,"default":false}"#
        #expect(try Self.agree(MixedEvent.self, withoutMaybe).get().maybe == nil)
        #expect(try Self.agree(MixedEvent.self, withoutMaybe.replacing("}", with: #","maybe":4}"#)).get().maybe == 4)
        let failures = [
            #"{"id":"e","kind":"tap","tags":[],"at":1,"amount":2,"default":true}"#,
            #"{"id":"e","kind":"view","tags":[1],"at":1,"amount":2,"default":true}"#,
            #"{"id":"e","kind":"view","tags":[],"inner":{"x":"1"},"at":1,"amount":2,"default":true}"#,
            #"{"id":"e","kind":"view","tags":[],"inner":[],"at":1,"amount":2,"default":true}"#,
            #"{"id":"e","kind":"view","tags":[],"at":"now","amount":2,"default":true}"#,
            #"{"id":"e","kind":"view","tags":[],"at":1,"maybe":1.5,"amount":2,"default":true}"#,
            #"{"id":"e","kind":"view","tags":[],"at":1,"maybe":4,"amount":"2","default":true}"#,
            #"{"id":"e","kind":null,"tags":null,"at":1,"amount":2,"default":true}"#,
            #"{"id":"e","tags":[],"at":1,"amount":2,"default":true}"#,
        ]
        for text in failures {
            #expect(Self.agree(MixedEvent.self, text).failure != nil, "\(text)")
        }
        #expect(Self.agree(MixedEvent.self, failures[2]).failure?.description == #"field "inner.x": expected integer, got string"#)
        #expect(Self.agree(MixedEvent.self, failures[5]).failure?.description == #"field "maybe": expected integer, got 1.5"#)
    }

    @Test func publicEventsAndEveryEntryPoint() throws {
        let decoder = JSONEventDecoder()
        let text = #"{"id":"a","time":5}"#
        let expected = PublicEvent(id: "a", time: 5)
        #expect(try decoder.decode(PublicEvent.self, from: Array(text.utf8)) == expected)
        #expect(try Array(text.utf8).withUnsafeBytes { try decoder.decode(PublicEvent.self, from: $0) } == expected)
        let table = try JSONReader().parseObject(Array(text.utf8))
        #expect(try decoder.decode(PublicEvent.self, from: table) == expected)
        let typed: PublicEvent = try decoder.decode(from: text.utf8)
        #expect(typed == expected)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}

/// Which initializer ``JSONEventDecoder`` calls: chosen at compile time by the static type.
@Suite("JSONEventDecoder overloads")
struct EventDecodableOverloadTests {
    /// Says which path made it.
    struct Marker: JSONEventDecodable {
        var path: String
        init(from decoder: any Decoder) throws { path = "Decodable" }
        init(jsonFields fields: JSONEventFields) throws(JSONDecodeError) { path = "JSONEventDecodable" }
    }

    @Test func conformingTypesTakeTheFastPath() throws {
        let decoder = JSONEventDecoder()
        let bytes = Array("{}".utf8)
        #expect(try decoder.decode(Marker.self, from: bytes).path == "JSONEventDecodable")
        #expect(try bytes.withUnsafeBytes { try decoder.decode(Marker.self, from: $0) }.path == "JSONEventDecodable")
        #expect(try decoder.decode(Marker.self, from: JSONReader().parseObject(bytes)).path == "JSONEventDecodable")
        #expect(try EventMacroAgreementTests.viaCodable(Marker.self, bytes, decoder).get().path == "Decodable")
    }
}
