import Foundation
import PropertyBased
import Testing
import SlipstreamJSON

/// `JSONReader.parseNumber` (the number reader of the flat-record scanner): exactly rounded like `strtod`, strict about
/// JSON's grammar.
@Suite("JSON number parsing")
struct JSONNumberParsingTests {
    static func strtodValue(_ text: String) -> Double {
        text.withCString { strtod($0, nil) }
    }

    @Test(arguments: [
        "0", "-0.0", "0.0", "1", "-1", "42", "0.1", "0.2", "0.3", "-0.123456", "0.805819", "1.5e-3", "1.5E-3", "1E+2",
        "1e0", "12345.6789e-3", "123456789012345678", "1234567890123456789", "12345678901234567890",
        "9007199254740992", "9007199254740993", "9007199254740995", "18446744073709551615", "18446744073709551616",
        "1e22", "1e23", "9.999999999999999e22", "0.000001", "1e-22", "1e-23", "3.141592653589793",
        "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9e-324", "5e-324", "1.7976931348623157e308",
        "0.30000000000000004", "0.333333333333333333333333", "123.456000000000000000000001",
        "0.000000000000000000000000000001", "7.0e-10", "100000000000000000000000000000000000000",
    ])
    func agreesWithStrtod(_ text: String) throws {
        let value = try JSONReader.parseNumber(text)
        #expect(value.bitPattern == Self.strtodValue(text).bitPattern, "\(text): \(value) vs strtod \(Self.strtodValue(text))")
    }

    @Test func integerMinusZeroIsPlusZeroAsInTheReader() throws {
        // The reader reads integer literals as Int64, so `-0` is +0 there; with a fraction or exponent it keeps its sign.
        #expect(try JSONReader.parseNumber("-0").bitPattern == (0.0).bitPattern)
        #expect(try JSONReader.parseNumber("-0.0").sign == .minus)
        #expect(try JSONReader.parseNumber("-0e3").sign == .minus)
    }

    @Test func underflowIsASignedZero() throws {
        #expect(try JSONReader.parseNumber("1e-400") == 0)
        #expect(try JSONReader.parseNumber("-1e-400").sign == .minus)
        #expect(try JSONReader.parseNumber("0e99999999") == 0)
    }

    @Test(arguments: ["1e309", "-1e400", "1.8e308", "123456789012345678901234567890e300"])
    func rejectsNumbersBeyondADouble(_ text: String) {
        #expect(throws: JSONParseError(.numberOutOfRange, offset: 0)) { try JSONReader.parseNumber(text) }
    }

    @Test(arguments: [
        "", "-", "+1", "01", "-01", "00", "1.", ".5", "-.5", "1e", "1e+", "1E-", "0x10", "NaN", "nan", "Infinity",
        "-Infinity", "inf", " 1", "1 ", "1.0.0", "1e5.0", "--1", "1-", "١", "1_000", "0.5f",
    ])
    func rejectsWhatIsNotAJSONNumber(_ text: String) {
        #expect(throws: JSONParseError(.invalidNumber, offset: 0)) { try JSONReader.parseNumber(text) }
    }

    @Test func agreesWithStrtodOnRandomDoublesPrintedAtEveryPrecision() async {
        await propertyCheck(count: 2000, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...19)) { bits, digits in
            let value = Double(bitPattern: bits)
            guard value.isFinite else { return }
            for text in [String(format: "%.\(digits)g", value), String(format: "%.\(digits - 1)e", value), "\(value)"] {
                let parsed = try JSONReader.parseNumber(text)
                #expect(parsed.bitPattern == Self.strtodValue(text).bitPattern, "\(text)")
            }
        }
    }

    @Test func agreesWithStrtodOnRandomDecimals() async {
        // Digit strings of up to 24 digits with a point anywhere and an exponent: the fast path, its boundaries
        // (2^53, 19 digits, 10^±22) and the exact fallback.
        let decimal = Gen.uint64(in: 0...UInt64.max).array(of: 3)
        await propertyCheck(count: 3000, input: decimal) { words in
            var state = words[0]
            func next(_ bound: Int) -> Int {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Int((state >> 33) % UInt64(bound))
            }
            let count = 1 + next(24)
            var digits = String(words[1] % 9 + 1)
            while digits.count < count { digits += String(next(10)) }
            if next(4) == 0 { digits = String(digits.prefix(next(count) + 1)) + String(repeating: "0", count: next(6)) }
            var text = next(2) == 0 ? "-" : ""
            let point = next(digits.count + 2)
            if point == 0 {
                text += "0." + String(repeating: "0", count: next(8)) + digits
            } else if point <= digits.count {
                text += String(digits.prefix(point)) + (point < digits.count ? "." + digits.dropFirst(point) : "")
            } else {
                text += digits
            }
            if words[2] % 3 == 0 { text += "e\(Int(words[2] >> 8 % 61) - 30)" }
            guard let expected = Optional(Self.strtodValue(text)), expected.isFinite, expected == 0 || expected.isNormal
            else { return }
            let parsed = try JSONReader.parseNumber(text)
            #expect(parsed.bitPattern == expected.bitPattern, "\(text): \(parsed) vs strtod \(expected)")
        }
    }

    @Test func readsNumbersInDocumentsAsTheReaderDoes() throws {
        let reader = JSONReader()
        for text in ["-0", "-0.0", "1e-400", "-1e-400", "4.9e-324", "2.2250738585072011e-308", "9007199254740993",
                     "0.333333333333333333333333", "1e23", "12345678901234567890"] {
            let fields = try reader.parseObject(Array("{\"v\":\(text)}".utf8))
            let fromReader = try #require(fields[0].double)
            #expect(try JSONReader.parseNumber(text).bitPattern == fromReader.bitPattern, "\(text)")
        }
    }
}
