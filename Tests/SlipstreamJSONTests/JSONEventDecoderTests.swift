import Foundation
import Testing
@testable import SlipstreamJSON

private enum Side: String, Codable, Equatable { case buy, sell }

private struct Primitives: Codable, Equatable {
    var s: String
    var b: Bool
    var d: Double
    var f: Float
    var i: Int
    var i8: Int8
    var i16: Int16
    var i32: Int32
    var i64: Int64
    var u: UInt
    var u8: UInt8
    var u16: UInt16
    var u32: UInt32
    var u64: UInt64
}

private struct Optionals: Decodable, Equatable {
    var present: Int?
    var null: String?
    var absent: Double?
    var side: Side?
}

private struct Line: Codable, Equatable {
    var sku: String
    var qty: Int
}

private struct Order: Codable, Equatable {
    var id: String
    var side: Side
    var lines: [Line]
    var tags: [String]
    var attributes: [String: Double]
    var matrix: [[Int]]
    var shipping: Address?
}

private struct Address: Codable, Equatable {
    var city: String
    var zip: String
}

private func decode<T: Decodable>(_ type: T.Type, _ text: String, with decoder: JSONEventDecoder = JSONEventDecoder())
    throws(JSONDecodeError) -> T
{
    try decoder.decode(type, from: Array(text.utf8))
}

private func errorText<T: Decodable>(_ type: T.Type, _ text: String, with decoder: JSONEventDecoder = JSONEventDecoder())
    -> String?
{
    do {
        _ = try decode(type, text, with: decoder)
        return nil
    } catch {
        return error.description
    }
}

@Suite("JSONEventDecoder")
struct JSONEventDecoderTests {
    @Test func decodesEveryPrimitive() throws {
        let text = #"{"s":"x\u00e9","b":true,"d":-1.5e-3,"f":0.25,"i":-9007199254740993,"i8":-128,"i16":32767,"i32":-5,"#
            + #""i64":9223372036854775807,"u":7,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615}"#
        let value = try decode(Primitives.self, text)
        #expect(value == Primitives(
            s: "xé", b: true, d: -0.0015, f: 0.25, i: -9_007_199_254_740_993, i8: -128, i16: 32767, i32: -5,
            i64: .max, u: 7, u8: 255, u16: 65535, u32: .max, u64: .max))
    }

    @Test func decodesOptionalsAbsentNullAndPresent() throws {
        let value = try decode(Optionals.self, #"{"present":3,"null":null,"side":"sell"}"#)
        #expect(value == Optionals(present: 3, null: nil, absent: nil, side: .sell))
        #expect(try decode(Optionals.self, "{}") == Optionals())
    }

    @Test func decodesNestedObjectsArraysAndDictionaries() throws {
        let text = #"{"id":"o-1","side":"buy","lines":[{"sku":"a","qty":1},{"qty":2,"sku":"b"}],"tags":["x","y"],"#
            + #""attributes":{"w":1.5,"h":2},"matrix":[[1,2],[],[3]],"shipping":{"city":"Köln","zip":"50667"}}"#
        let order = try decode(Order.self, text)
        #expect(order == Order(
            id: "o-1", side: .buy, lines: [Line(sku: "a", qty: 1), Line(sku: "b", qty: 2)], tags: ["x", "y"],
            attributes: ["w": 1.5, "h": 2], matrix: [[1, 2], [], [3]], shipping: Address(city: "Köln", zip: "50667")))
    }

    @Test func decodesLongArraysOfObjectsWithOneReaderPerLevel() throws {
        struct Batch: Decodable { var lines: [Line] }
        let lines = (0..<5000).map { #"{"sku":"s\#($0)","qty":\#($0)}"# }.joined(separator: ",")
        let batch = try decode(Batch.self, #"{"lines":[\#(lines)]}"#)
        #expect(batch.lines.count == 5000)
        #expect(batch.lines[4999] == Line(sku: "s4999", qty: 4999))
    }

    @Test func followsKeysInAnyOrderAcrossDocuments() throws {
        let decoder = JSONEventDecoder()
        let texts = [
            #"{"sku":"a","qty":1}"#, #"{"qty":2,"sku":"b"}"#, #"{"qty":3,"x":null,"sku":"c"}"#,
            #"{"sku":"d","qty":4}"#, #"{"x":1,"y":2,"sku":"e","qty":5}"#, #"{"qty":6,"sku":"f"}"#,
        ]
        for (i, text) in texts.enumerated() {
            let line = try decode(Line.self, text, with: decoder)
            #expect(line == Line(sku: String(UnicodeScalar(UInt8(97 + i))), qty: i + 1))
        }
    }

    @Test func matchesEscapedKeysAndUsesTheFirstDuplicate() throws {
        #expect(try decode(Line.self, #"{"\u0073ku":"a","qty":1,"qty":2}"#) == Line(sku: "a", qty: 1))
    }

    @Test func usesTheFirstOccurrenceEvenWhereAnEarlierDocumentHadTheKey() throws {
        let decoder = JSONEventDecoder()
        #expect(try decode(Line.self, #"{"x":0,"sku":"a","qty":1}"#, with: decoder) == Line(sku: "a", qty: 1))
        #expect(try decode(Line.self, #"{"qty":2,"sku":"b","qty":"no"}"#, with: decoder) == Line(sku: "b", qty: 2))
    }

    @Test func acceptsIntegralNumbersForIntegers() throws {
        #expect(try decode(Line.self, #"{"sku":"a","qty":3.0}"#).qty == 3)
        #expect(try decode(Line.self, #"{"sku":"a","qty":1e2}"#).qty == 100)
    }

    @Test func decodesDatesURLsAndDecimals() throws {
        struct Special: Decodable { var at: Date; var url: URL; var price: Decimal }
        let text = #"{"at":1700000000123,"url":"https://example.com/a?b=1","price":12.345678901234567890}"#
        var options = JSONEventDecoder.Options()
        options.dates = .millisecondsSince1970
        let value = try decode(Special.self, text, with: JSONEventDecoder(options: options))
        #expect(value.at == Date(timeIntervalSince1970: 1_700_000_000.123))
        #expect(value.url.host == "example.com")
        #expect(value.price == Decimal(string: "12.345678901234567890"))

        options.dates = .iso8601
        struct Stamped: Decodable { var at: Date }
        let stamped = try decode(Stamped.self, #"{"at":"2024-05-01T12:00:00Z"}"#, with: JSONEventDecoder(options: options))
        #expect(stamped.at == Date(timeIntervalSince1970: 1_714_564_800))
        let fractional = try decode(Stamped.self, #"{"at":"2024-05-01T12:00:00.250Z"}"#, with: JSONEventDecoder(options: options))
        #expect(fractional.at == Date(timeIntervalSince1970: 1_714_564_800.25))
        #expect(try decode(Stamped.self, #"{"at":10}"#).at == Date(timeIntervalSinceReferenceDate: 10))
    }

    @Test func decodesFromAnAlreadyParsedTable() throws {
        let reader = JSONReader()
        let fields = try reader.parseObject(Array(#"{"sku":"z","qty":9,"extra":true}"#.utf8))
        #expect(fields["extra"]?.bool == true)
        #expect(try JSONEventDecoder().decode(Line.self, from: fields) == Line(sku: "z", qty: 9))
    }

    @Test func supportsCustomInitializersWithNestedContainers() throws {
        struct Custom: Decodable {
            var city: String
            var first: Int
            var count: Int
            enum Keys: String, CodingKey { case address, values }
            enum AddressKeys: String, CodingKey { case city }
            init(from decoder: any Decoder) throws {
                let root = try decoder.container(keyedBy: Keys.self)
                let address = try root.nestedContainer(keyedBy: AddressKeys.self, forKey: .address)
                var values = try root.nestedUnkeyedContainer(forKey: .values)
                city = try address.decode(String.self, forKey: .city)
                count = values.count ?? 0
                first = try values.decode(Int.self)
            }
        }
        let value = try decode(Custom.self, #"{"values":[4,5,6],"address":{"city":"Oslo"}}"#)
        #expect(value.city == "Oslo" && value.first == 4 && value.count == 3)
    }

    static let errors: [(String, String)] = [
        (#"{"sku":"a"}"#, #"missing field "qty""#),
        (#"{"sku":"a","qty":"2"}"#, #"field "qty": expected integer, got string"#),
        (#"{"sku":"a","qty":null}"#, #"field "qty": expected integer, got null"#),
        (#"{"sku":"a","qty":2.5}"#, #"field "qty": expected integer, got 2.5"#),
        (#"{"sku":1,"qty":2}"#, #"field "sku": expected string, got 1"#),
        (#"{"sku":"a","qty":1e30}"#, #"field "qty": 1e30 is out of range for Int"#),
        (#"{"sku":"a","qty":2"#, "invalid JSON at byte 18: document ends early"),
        (#"{"sku":"a","qty":02}"#, "invalid JSON at byte 17: invalid number"),
        (#"["sku"]"#, "expected a JSON object, got an array"),
        ("", "invalid JSON: empty document"),
    ]

    @Test(arguments: errors)
    func explainsFailuresInAFewWords(text: String, expected: String) {
        #expect(errorText(Line.self, text) == expected)
    }

    @Test func namesNestedFieldsInErrors() {
        let text = #"{"id":"o","side":"buy","lines":[{"sku":"a","qty":1},{"sku":"b","qty":"x"}],"tags":[],"#
            + #""attributes":{},"matrix":[]}"#
        #expect(errorText(Order.self, text) == #"field "lines[1].qty": expected integer, got string"#)
        #expect(errorText(Order.self, #"{"id":"o","side":"hold"}"#)?.hasPrefix(#"field "side": "#) == true)
        #expect(errorText(Order.self, #"{"id":"o","side":"buy","lines":{}}"#) == #"field "lines": expected array, got object"#)
        struct Small: Decodable { var v: UInt8 }
        #expect(errorText(Small.self, #"{"v":300}"#) == #"field "v": 300 is out of range for UInt8"#)
        #expect(errorText(Small.self, #"{"v":-1}"#) == #"field "v": -1 is out of range for UInt8"#)
    }

    @Test func reportsErrorsThrownByTheTypeItself() {
        struct Checked: Decodable {
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: JSONEventDecoderTests.AnyKey.self)
                let n = try c.decode(Int.self, forKey: AnyKey(stringValue: "n"))
                guard n > 0 else {
                    throw DecodingError.dataCorruptedError(forKey: AnyKey(stringValue: "n"), in: c, debugDescription: "must be positive")
                }
            }
        }
        #expect(errorText(Checked.self, #"{"n":-3}"#) == #"field "n": must be positive"#)
    }

    @Test func appliesItsLimits() {
        var options = JSONEventDecoder.Options()
        options.maxDocumentBytes = 16
        options.maxDepth = 2
        let decoder = JSONEventDecoder(options: options)
        #expect(errorText(Line.self, #"{"sku":"abcdefghijk","qty":1}"#, with: decoder)
            == "document of 29 bytes exceeds the limit of 16 bytes")
        #expect(errorText(Order.self, #"{"m":[[1]]}"#, with: decoder) == "invalid JSON at byte 6: nested deeper than 2 levels")
    }

    @Test func recoversAfterAFailureAndDecodesTheNextDocument() throws {
        let decoder = JSONEventDecoder()
        #expect(throws: JSONDecodeError.self) { try decode(Order.self, #"{"id":"o","side":"buy","lines":[{"sku":1}]}"#, with: decoder) }
        #expect(try decode(Line.self, #"{"sku":"ok","qty":1}"#, with: decoder) == Line(sku: "ok", qty: 1))
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
