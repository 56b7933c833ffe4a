import Foundation
import PropertyBased
import Testing
@testable import SlipstreamJSON

/// The one-pass path for flat objects in front of simdjson: for every document, the reader gives the same table (or
/// the same error) with it as without it.
@Suite("Flat-object path")
struct FlatObjectPathTests {
    /// One reader with the fast path and one without.
    final class Pair {
        let fast = JSONReader()
        let walk: JSONReader = {
            let reader = JSONReader()
            reader.readsFlatObjectsInOnePass = false
            return reader
        }()
    }

    /// Everything a table says about one field.
    struct FieldSnapshot: Equatable {
        var key: [UInt8]
        var kind: JSONKind
        var bits: UInt64?
        var int64: Int64?
        var bool: Bool?
        var escaped: Bool
        var value: [UInt8]

        init(_ field: JSONField) {
            key = Array(field.key)
            kind = field.kind
            bits = field.double?.bitPattern
            int64 = field.int64
            bool = field.bool
            escaped = field.stringWasEscaped
            value = Array(field.valueBytes)
        }
    }

    enum Outcome: Equatable {
        case table([FieldSnapshot], duplicateKeys: Bool)
        case error(JSONParseError)
    }

    static func outcome(_ reader: JSONReader, _ bytes: [UInt8]) -> Outcome {
        do {
            let table = try reader.parseObject(bytes)
            return .table(table.map(FieldSnapshot.init), duplicateKeys: table.hasDuplicateKeys)
        } catch {
            return .error(error)
        }
    }

    static func expectSameOutcome(_ pair: Pair, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = outcome(pair.fast, bytes)
        let walk = outcome(pair.walk, bytes)
        #expect(fast == walk, "\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        // Numbers at the edges of the rules: signed zeros, integral fractions and exponents, the int64 range, long
        // decimals, underflow and overflow.
        #"{"n":-0}"#, #"{"n":-0.0}"#, #"{"n":0e5}"#, #"{"n":-0e1}"#, #"{"n":1.0}"#, #"{"n":1e3}"#, #"{"n":6.18e+18}"#,
        #"{"n":0.1e1}"#, #"{"n":2.5}"#, #"{"n":1.00000000000000000001}"#, #"{"n":123456789012345678}"#,
        #"{"n":-123456789012345678}"#, #"{"n":1234567890123456789}"#, #"{"n":9223372036854775807}"#,
        #"{"n":-9223372036854775808}"#, #"{"n":9223372036854775808}"#, #"{"n":18446744073709551615}"#,
        #"{"n":18446744073709551616}"#, #"{"n":-9223372036854775809}"#, #"{"n":9.223372036854775807e18}"#,
        #"{"n":9.3e18}"#, #"{"n":1e400}"#, #"{"n":-1e400}"#, #"{"n":1e-400}"#, #"{"n":-1e-400}"#,
        #"{"n":4.9406564584124654e-324}"#, #"{"n":1.7976931348623157e308}"#, #"{"n":0.30000000000000004}"#,
        #"{"n":01}"#, #"{"n":1.}"#, #"{"n":.5}"#, #"{"n":+1}"#, #"{"n":-}"#, #"{"n":1e}"#, #"{"n":NaN}"#,
        // Literals, strings, keys and structure.
        #"{"t":true,"f":false,"z":null}"#, #"{"t":tru}"#, #"{"t":truex}"#, #"{"z":nul}"#, #"{"s":"é€😀"}"#,
        #"{"s":"a\"b"}"#, #"{"k\u00e9":1}"#, #"{"s":"\ud800"}"#, #"{"a":1,"a":2}"#, #"{"a":1,"b":2,"a":3}"#,
        #"{}"#, " { } ", " {\"a\" : 1 ,\n\"b\"\t:\r\"x\" } \n", #"{"a":1}x"#, #"{"a":1}}"#, #"{"a":1,}"#,
        #"{"a" 1}"#, #"{"a":}"#, #"{"a":1"#, #"{"a""#, #"{"#, "", "  ", #"[1,2]"#, #""x""#, "42", "null",
        #"{"a":[1,2],"b":{"c":1}}"#, #"{"a":1,"b":[}"#, #"{"a":"b":1}"#, #"{a:1}"#,
    ])
    func edgeCasesGiveTheSameTableOrError(_ text: String) {
        Self.expectSameOutcome(Pair(), Array(text.utf8))
    }

    @Test func invalidBytesInStringsAndKeysGiveTheSameError() {
        let pair = Pair()
        for bad: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x01], [0x1F], [0x00], [0xF4, 0x90, 0x80, 0x80]] {
            Self.expectSameOutcome(pair, Array(#"{"s":"a"#.utf8) + bad + Array(#"b"}"#.utf8))
            Self.expectSameOutcome(pair, Array(#"{"k"#.utf8) + bad + Array(#"":1}"#.utf8))
            Self.expectSameOutcome(pair, Array(#"{"s":1"#.utf8) + bad + Array("}".utf8))
        }
    }

    /// A byte that ends, escapes or breaks a string (quote, backslash, control, non-ASCII, invalid UTF-8) at every
    /// position of strings and keys of every length up to 40 bytes (strings are scanned 16 bytes at a time while
    /// 16 remain, so this covers a special byte in the first, second and third block and in the bytewise tail).
    @Test func specialBytesAtEveryPositionOfAStringOrKey() {
        let pair = Pair()
        let specials: [[UInt8]] = [
            [0x5C, 0x6E], [0x5C, 0x22], [0x22], [0x01], [0x1F], [0x00], [0xC3, 0xA9], [0xF0, 0x9F, 0x98, 0x80], [0xC3],
            [0xFF], [0x80], [0x7F], [0x20], [0x21],
        ]
        for length in 0..<41 {
            let plain = [UInt8]((0..<length).map { UInt8(0x61 + $0 % 26) })
            Self.expectSameOutcome(pair, Array(#"{"s":""#.utf8) + plain + Array(#""}"#.utf8))
            for at in 0...length {
                for special in specials {
                    let text = Array(plain[..<at]) + special + Array(plain[at...])
                    Self.expectSameOutcome(pair, Array(#"{"s":""#.utf8) + text + Array(#"","n":1}"#.utf8))
                    Self.expectSameOutcome(pair, Array(#"{""#.utf8) + text + Array(#"":true}"#.utf8))
                    Self.expectSameOutcome(pair, Array(#"{"n":1,"s":""#.utf8) + text + Array(#""}"#.utf8))
                }
            }
        }
    }

    /// Keys of every length up to 20 bytes that differ in one byte only, or not at all: a repeated key is reported
    /// exactly when there is one, on both paths.
    @Test func repeatedKeysAreFoundWhateverTheirLength() {
        let pair = Pair()
        for length in 0...20 {
            let base = [UInt8]((0..<length).map { UInt8(0x61 + $0 % 3) })
            for at in 0..<max(length, 1) {
                var other = base
                if length > 0 { other[at] = 0x7A }
                for keys in [[base, other], [other, base, Array("x".utf8)], [Array("y".utf8), base, Array("z".utf8), base]] {
                    let members = keys.enumerated().map { #""\#(String(decoding: $1, as: UTF8.self))":\#($0)"# }
                    let bytes = Array("{\(members.joined(separator: ","))}".utf8)
                    Self.expectSameOutcome(pair, bytes)
                    let table = try? pair.fast.parseObject(bytes)
                    #expect(table?.hasDuplicateKeys == (Set(keys).count < keys.count), "\(String(decoding: bytes, as: UTF8.self))")
                }
            }
        }
        // "type" and "ts" share a key signature (length, first and last byte hashed into 6 bits): distinct keys
        // whose signatures agree are not duplicates, and a repeat after such a pair still is.
        for (keys, repeated) in [
            (["type", "ts"], false), (["type", "ts", "ts"], true), (["ts", "type", "x", "type"], true),
            (["type", "ts", "x", "y"], false),
        ] {
            let bytes = Array("{\(keys.enumerated().map { #""\#($1)":\#($0)"# }.joined(separator: ","))}".utf8)
            Self.expectSameOutcome(pair, bytes)
            #expect((try? pair.fast.parseObject(bytes))?.hasDuplicateKeys == repeated, "\(keys)")
        }
    }

    /// Generated objects of every kind, written raw, by Foundation and with escapes and whitespace, and damaged
    /// copies of them.
    @Test func generatedAndDamagedDocumentsGiveTheSameTableOrError() async {
        let pair = Pair()
        await propertyCheck(count: 300, input: GeneratedJSON.object, Gen.uint64(in: 0...UInt64.max)) { object, seed in
            let originals = [
                Array(object.foundationJSON),
                object.escapedJSON(whitespaceSeed: seed | 1),
                JSONRecordScannerTests.rawJSON(object, whitespaceSeed: seed),
            ]
            var state = seed
            for original in originals {
                for round in 0..<8 {
                    var bytes = original
                    if round > 0 && !bytes.isEmpty {
                        state = state &* 6364136223846793005 &+ 1442695040888963407
                        let at = Int((state >> 33) % UInt64(bytes.count))
                        let damage: [UInt8] = [0x22, 0x2C, 0x3A, 0x7B, 0x7D, 0x5C, 0x30, 0x2E, 0x65, 0x2D, 0x20, 0x00, 0xC3, 0x80, 0x6E, 0x5B]
                        switch (state >> 20) % 3 {
                        case 0: bytes[at] = damage[Int((state >> 40) % UInt64(damage.count))]
                        case 1: bytes.remove(at: at)
                        default: bytes.insert(damage[Int((state >> 40) % UInt64(damage.count))], at: at)
                        }
                    }
                    Self.expectSameOutcome(pair, bytes)
                }
            }
        }
    }

    /// Random numbers written in many forms: the same doubles, bit for bit, and the same exact integers.
    @Test func generatedNumbersReadTheSame() async {
        let pair = Pair()
        let forms = Gen.uint64(in: 0...UInt64.max)
        await propertyCheck(count: 400, input: forms) { seed in
            var state = seed
            func next() -> UInt64 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return state >> 11
            }
            let double = Double(bitPattern: next() << 11 | next() & 0x7FF)
            let integer = Int64(bitPattern: next() << 11 | next() & 0x7FF) >> Int64(next() % 63)
            var members: [String] = []
            if double.isFinite { members.append("\"d\":\(double)") }
            members.append("\"i\":\(integer)")
            members.append("\"e\":\(integer % 100_000)e\(Int(next() % 40) - 20)")
            members.append("\"f\":\(integer % 1_000_000).\(String(repeating: "0", count: Int(next() % 4)))\(next() % 1000)")
            Self.expectSameOutcome(pair, Array("{\(members.joined(separator: ","))}".utf8))
        }
    }
}
