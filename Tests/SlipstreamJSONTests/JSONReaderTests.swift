import Testing
@testable import SlipstreamJSON

@Suite("JSONReader")
struct JSONReaderTests {
    let reader = JSONReader()

    @Test func readsEveryScalarKindInDocumentOrder() throws {
        let fields = try reader.parseObject(Array(#"{"s":"abc","i":-42,"d":2.5,"t":true,"f":false,"n":null}"#.utf8))
        #expect(fields.count == 6)
        #expect(fields.map { $0.key.string } == ["s", "i", "d", "t", "f", "n"])
        #expect(fields[0].kind == .string && fields[0].string?.string == "abc" && !fields[0].stringWasEscaped)
        #expect(fields[1].kind == .number && fields[1].int64 == -42 && fields[1].double == -42)
        #expect(fields[2].double == 2.5 && fields[2].int64 == nil)
        #expect(fields[3].bool == true && fields[4].bool == false)
        #expect(fields[5].isNull && fields[5].kind == .null && fields[5].bool == nil && fields[5].string == nil)
    }

    @Test func looksFieldsUpByName() throws {
        let fields = try reader.parseObject(Array(#"{"a":1,"bb":2,"ccc":3}"#.utf8))
        #expect(fields["bb"]?.int == 2)
        #expect(fields["ccc" as String]?.int == 3)
        #expect(fields["b"] == nil && fields["cccc"] == nil)
        #expect(fields.index(ofKey: "a", hint: 2) == 0)
        #expect(fields.index(ofKey: "ccc", hint: 2) == 2)
        #expect(fields.index(ofKey: "zz", hint: 1) == nil)
    }

    @Test func unescapesKeysAndStrings() throws {
        let text = #"{"k\"1":"a\nb\t\"q\"\\\/","uni":"\u00e9\u20ac\ud83d\ude00","raw":"é€😀"}"#
        let fields = try reader.parseObject(Array(text.utf8))
        #expect(fields[0].key == "k\"1")
        #expect(fields[0].string?.string == "a\nb\t\"q\"\\/")
        #expect(fields[0].stringWasEscaped)
        #expect(fields["uni"]?.string?.string == "é€😀")
        #expect(fields["raw"]?.string?.string == "é€😀")
        #expect(fields["raw"]?.stringWasEscaped == false)
    }

    @Test func numbersKeepExactIntegersAndRawText() throws {
        let text = #"{"a":1e3,"b":3.0,"c":9223372036854775807,"d":18446744073709551615,"e":-0.5e-2,"f":123456789012345678901234567890}"#
        let fields = try reader.parseObject(Array(text.utf8))
        #expect(fields["a"]?.int64 == 1000)
        #expect(fields["b"]?.int64 == 3)
        #expect(fields["c"]?.int64 == Int64.max)
        #expect(fields["d"]?.int64 == nil && fields["d"]?.double == 18446744073709551615.0)
        #expect(fields["d"]?.valueBytes.string == "18446744073709551615")
        #expect(fields["e"]?.double == -0.005)
        #expect(fields["f"]?.double == 1.2345678901234568e29 && fields["f"]?.int64 == nil)
    }

    @Test(arguments: [
        ("6.184195097791031e+18", Int64?.some(6_184_195_097_791_031_000)), ("1.0000000000000000001", nil),
        ("100e-2", 1), ("-0.0", 0), ("0e5", 0), ("12.50e1", 125), ("1.25e1", nil), ("-9223372036854775808.0", .min),
        ("-369346040115658404.3", nil), ("9.2233720368547758e18", nil), ("123456789e-9", nil), ("1e18", 1_000_000_000_000_000_000),
    ])
    func integersFromFractionsAndExponentsMustBeExact(text: String, expected: Int64?) throws {
        let fields = try reader.parseObject(Array(#"{"n":\#(text)}"#.utf8))
        #expect(fields["n"]?.int64 == expected)
        #expect(fields["n"]?.double == Double(text))
    }

    @Test func findsTheFirstOccurrenceOfARepeatedKey() throws {
        let fields = try reader.parseObject(Array(#"{"a":1,"b":2,"a":3}"#.utf8))
        #expect(fields.hasDuplicateKeys)
        #expect(fields["a"]?.int == 1)
        #expect(fields.index(ofKey: "a", hint: 2) == 0)
        #expect(try reader.parseObject(Array(#"{"a":1,"b":2,"ab":3,"ba":4}"#.utf8)).hasDuplicateKeys == false)
    }

    @Test func reportsNestedValuesAsRawJSON() throws {
        let text = #"{"o": {"x":[1, {"y":null}]} , "arr":[ ],"z":1}"#
        let fields = try reader.parseObject(Array(text.utf8))
        #expect(fields["o"]?.kind == .object)
        #expect(fields["o"]?.valueBytes.string == #"{"x":[1, {"y":null}]}"#)
        #expect(fields["arr"]?.kind == .array && fields["arr"]?.valueBytes.string == "[ ]")
        #expect(fields["z"]?.int == 1)
    }

    @Test func parsesArrays() throws {
        let fields = try reader.parseArray(Array(#"[1,"two",[3],{"four":4}]"#.utf8))
        #expect(fields.count == 4)
        #expect(fields[0].int == 1 && fields[1].string?.string == "two" && fields[0].key.isEmpty)
        #expect(fields[2].valueBytes.string == "[3]" && fields[3].kind == .object)
    }

    @Test func acceptsEmptyContainersAndWhitespace() throws {
        #expect(try reader.parseObject(Array(" \n{ }\t ".utf8)).count == 0)
        #expect(try reader.parseArray(Array("[]".utf8)).count == 0)
    }

    @Test func reusesTheReaderAcrossDocumentsOfGrowingSize() throws {
        for n in [1, 100, 5000, 3] {
            let text = "{" + (0..<n).map { #""k\#($0)":"v\n\#($0)""# }.joined(separator: ",") + "}"
            let fields = try reader.parseObject(Array(text.utf8))
            #expect(fields.count == n)
            #expect(fields[n - 1].string?.string == "v\n\(n - 1)")
        }
    }

    @Test func parsesSmallDocumentsAfterALargeOne() throws {
        let large = #"{"big":""# + String(repeating: "x", count: 3 << 20) + #"","n":1}"#
        for _ in 0..<2 {
            let fields = try reader.parseObject(Array(large.utf8))
            #expect(fields["big"]?.string?.count == 3 << 20 && fields["n"]?.int == 1)
            let small = try reader.parseObject(Array(#"{"a":"\u00e9","b":[1]}"#.utf8))
            #expect(small["a"]?.string?.string == "é" && small["b"]?.valueBytes.string == "[1]")
        }
    }

    static let errorCases: [(String, JSONParseError.Reason, Int?)] = [
        ("", .empty, nil),
        ("   ", .empty, nil),
        ("[1]", .unexpectedRoot(expected: .object, got: .array), nil),
        ("\"s\"", .unexpectedRoot(expected: .object, got: .string), nil),
        ("12", .unexpectedRoot(expected: .object, got: .number), nil),
        (#"{"a":1,}"#, .syntax, nil),
        (#"{"a" 1}"#, .syntax, nil),
        (#"{"a":1 "b":2}"#, .syntax, nil),
        (#"{"a":x}"#, .syntax, nil),
        (#"{"a":1"#, .truncated, nil),
        (#"{"a":1}{"#, .trailingContent, 7),
        (#"{"a":1}}"#, .trailingContent, 7),
        (#"{"a":{"b":1}"#, .truncated, 12),
        (#"{"a":1} 2"#, .trailingContent, 8),
        (#"{"a":"unclosed}"#, .unclosedString, 5),
        ("{\"a\":\"x\u{01}y\"}", .controlCharacter, 7),
        (#"{"a":"\x"}"#, .invalidEscape, 5),
        (#"{"a":"\ud800"}"#, .invalidEscape, 5),
        (#"{"a":"\udc00"}"#, .invalidEscape, 5),
        (#"{"a":01}"#, .invalidNumber, 5),
        (#"{"a":1.}"#, .invalidNumber, 5),
        (#"{"a":-}"#, .invalidNumber, 5),
        (#"{"a":1e400}"#, .numberOutOfRange, 5),
        (#"{"a":NaN}"#, .syntax, nil),
        (#"{"a":tru}"#, .invalidLiteral, 5),
        (#"{"a":nul}"#, .invalidLiteral, 5),
        (#"{"a":[1,fals]}"#, .invalidLiteral, 8),
        (#"{"a":{"b":[1,2,]}}"#, .syntax, nil),
        (#"{"a":"b":1}"#, .syntax, 8),
        (#"{"a":1 2}"#, .syntax, 7),
        (#"{"a":[1]:2}"#, .syntax, 8),
        (#"{"a":[1 2]}"#, .syntax, nil),
        (#"{"a":{"b":"c":1}}"#, .syntax, 13),
        (#"{"a":true,}"#, .syntax, nil),
    ]

    @Test(arguments: errorCases)
    func reportsWhatIsWrongAndWhere(text: String, reason: JSONParseError.Reason, offset: Int?) {
        #expect {
            _ = try reader.parseObject(Array(text.utf8))
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.reason == reason && (offset == nil || error.offset == offset)
        }
    }

    @Test func rejectsInvalidUTF8WithItsOffset() {
        let bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: JSONParseError(.invalidUTF8, offset: 6)) { try reader.parseObject(bytes) }
    }

    @Test func limitsDepthAndSize() {
        let deep = #"{"a":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect(throws: JSONParseError.self) { try reader.parseObject(Array(deep.utf8)) }
        let shallow = JSONReader(maxDepth: 3)
        #expect((try? shallow.parseObject(Array(#"{"a":[[1]]}"#.utf8))) != nil)
        #expect {
            try shallow.parseObject(Array(#"{"a":[[[1]]]}"#.utf8))
        } throws: { ($0 as? JSONParseError)?.reason == .tooDeep(limit: 3) }
        let small = JSONReader(maxDocumentBytes: 8)
        #expect(throws: JSONParseError(.tooLarge(bytes: 9, limit: 8), offset: nil)) {
            try small.parseObject(Array(#"{"a":123}"#.utf8))
        }
    }

    @Test func describesErrorsShortly() {
        #expect(JSONParseError(.invalidNumber, offset: 17).description == "invalid JSON at byte 17: invalid number")
        #expect(JSONParseError(.unexpectedRoot(expected: .object, got: .array), offset: nil).description
            == "expected a JSON object, got an array")
    }
}
