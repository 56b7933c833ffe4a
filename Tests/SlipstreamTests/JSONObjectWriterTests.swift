import Foundation
import Slipstream
import Testing

@Suite struct JSONObjectWriterTests {
    @Test func escapesQuotesBackslashesAndControlCharacters() throws {
        var bytes: [UInt8] = []
        var text = "a\"b\\c\nd\re\tf\u{01}g\u{1F}é"
        text.withUTF8 { JSONObjectWriter.appendEscaped($0, to: &bytes) }
        #expect(String(decoding: bytes, as: UTF8.self) == #"a\"b\\c\nd\re\tf\u0001g\u001fé"#)

        // What it writes reads back as the original text.
        var object: [UInt8] = []
        JSONObjectWriter.write(into: &object) { $0.field("s", text) }
        let decoded = try JSONSerialization.jsonObject(with: Data(object)) as? [String: String]
        #expect(decoded?["s"] == text)
    }

    /// Thousandths are written exactly as the Double printer writes `Double(thousandths) / 1000`, across the range
    /// where integer arithmetic is used, at its edges and beyond them.
    @Test func thousandthsWriteTheDoublePrintersBytes() {
        var values: [Int64] = [
            0, 1, -1, 5, 10, 100, 999, 1_000, 1_001, 1_010, 1_100, 12_345, 420, -420, 999_999_999_999,
            1_000_000_000_000, -1_000_000_000_000, 1_000_000_000_001, 123_456_789_012_345, .max, .min,
        ]
        var generator = SystemRandomNumberGenerator()
        for digits in 1...15 {
            let limit = Int64(pow(10.0, Double(digits)))
            for _ in 0..<200 { values.append(Int64.random(in: -limit...limit, using: &generator)) }
        }
        for value in values {
            var fast: [UInt8] = []
            JSONObjectWriter.write(into: &fast) { $0.field("ms", thousandths: value) }
            #expect(String(decoding: fast, as: UTF8.self) == "{\"ms\":\(Double(value) / 1_000)}", "\(value)")
        }
    }

    /// Doubles are written exactly as Swift's printer writes them (`description`): numbers with few decimals,
    /// which take the writer's own path, their neighbours one ulp away, which do not, the edges of that path's
    /// range, and arbitrary values.
    @Test func doublesWriteTheSwiftPrintersBytes() {
        var values: [Double] = [
            0.001, 0.001.nextDown, 0.001.nextUp, 1e9, 1e9.nextDown, 999_999_999.999_999, 0.5, 1, 2, 10, 0.1, 0.2, 0.3,
            0.123456, 0.1234567, 0.0012345, 123_456_789.5, 100_000_000, 4.35, 2.675, 1.005, 0.999_999_5, 9.999_999_5,
        ]
        var generator = SystemRandomNumberGenerator()
        for decimals in 0...8 {
            let scale = pow(10.0, Double(decimals))
            for digits in 1...16 {
                let limit = UInt64(pow(10.0, Double(digits)))
                for _ in 0..<40 {
                    let value = Double(UInt64.random(in: 0...limit, using: &generator)) / scale
                    values += [value, value.nextUp, value.nextDown]
                }
            }
        }
        for _ in 0..<2_000 {
            values.append(Double(bitPattern: UInt64.random(in: 0x3F40_0000_0000_0000...0x41D0_0000_0000_0000, using: &generator)))
        }
        for value in values + values.map({ -$0 }) {
            var object: [UInt8] = []
            JSONObjectWriter.write(into: &object) { $0.field("x", value) }
            #expect(String(decoding: object, as: UTF8.self) == "{\"x\":\(value.description)}", "\(value.bitPattern)")
        }
    }

    @Test func writesNumbersAsJSONThatReadsBackExactly() throws {
        let integers: [Int64] = [0, 7, -7, 10, -10, 1_000_000_007, .max, .min, .max - 1, .min + 1]
        let doubles: [Double] = [
            0, -0.0, 1, -1.5, 0.1, 1.0 / 3, 0.1234567890123456, 123_456_789.125, 1e300, -1e-300, .leastNonzeroMagnitude,
            .greatestFiniteMagnitude, .leastNormalMagnitude, 4_503_599_627_370_496,
        ]
        for value in integers {
            var object: [UInt8] = []
            JSONObjectWriter.write(into: &object) { $0.field("n", value) }
            #expect(String(decoding: object, as: UTF8.self) == "{\"n\":\(value)}")
        }
        for value in doubles {
            var object: [UInt8] = []
            JSONObjectWriter.write(into: &object) { $0.field("x", value) }
            let text = String(decoding: object, as: UTF8.self)
            #expect(text == "{\"x\":\(value.description)}")
            // Valid JSON whose number reads back as the same Double.
            #expect(try JSONSerialization.jsonObject(with: Data(object)) is [String: Any])
            #expect(Double(text.dropFirst(5).dropLast()) == value)
        }
        for value in [Double.nan, .infinity, -.infinity] {
            var object: [UInt8] = []
            JSONObjectWriter.write(into: &object) { $0.field("x", value) }
            #expect(String(decoding: object, as: UTF8.self) == #"{"x":null}"#)
        }
    }

    @Test func appendsWholeObjectsAfterWhatTheBufferHolds() throws {
        var bytes: [UInt8] = Array("[".utf8)
        for index in 0..<1_000 {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONObjectWriter.write(into: &bytes) { object in
                object.field("id", "event-\(index)")
                object.field("n", index)
                object.field("ratio", Double(index) / 7)
                object.field("odd", index % 2 == 1)
                object.field("quote\"key", "tab\there")
                object.nullField("none")
                object.rawField("list", json: "[1,2]")
            }
        }
        bytes.append(UInt8(ascii: "]"))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]])
        #expect(decoded.count == 1_000)
        for (index, object) in decoded.enumerated() {
            #expect(object["id"] as? String == "event-\(index)")
            #expect((object["n"] as? NSNumber)?.intValue == index)
            // Foundation's parser may be an ulp off; the exact text is checked above.
            let ratio = try #require((object["ratio"] as? NSNumber)?.doubleValue)
            #expect(abs(ratio - Double(index) / 7) <= (Double(index) / 7).ulp)
            #expect((object["odd"] as? Bool) == (index % 2 == 1))
            #expect(object["quote\"key"] as? String == "tab\there")
            #expect(object["none"] is NSNull)
            #expect(object["list"] as? [Int] == [1, 2])
        }
    }
    /// Each escapable byte is found at every position of texts of many lengths, and bytes that need no escape
    /// (including those of multi-byte characters and the neighbours of `"`, `\\` and 0x20) are left alone.
    @Test func findsEveryByteToEscapeAtEveryPosition() throws {
        let plain: [UInt8] = Array("ab !#[]^~é€".utf8) + [0x7F, 0x21, 0x23, 0x5B, 0x5D, 0x20]
        for length in 0...40 {
            let base = (0..<length).map { plain[$0 % plain.count] }
            var object: [UInt8] = []
            JSONObjectWriter.write(into: &object) { $0.field("s", String(decoding: base, as: UTF8.self)) }
            let clean = String(decoding: base, as: UTF8.self)
            #expect(String(decoding: object, as: UTF8.self) == "{\"s\":\"\(clean)\"}")
            for position in 0..<length {
                for special: UInt8 in [0x22, 0x5C, 0x00, 0x01, 0x0A, 0x19, 0x1F] {
                    var text = base
                    text[position] = special
                    let string = String(decoding: text, as: UTF8.self)
                    var written: [UInt8] = []
                    JSONObjectWriter.write(into: &written) { $0.field("s", string) }
                    let decoded = try JSONSerialization.jsonObject(with: Data(written)) as? [String: String]
                    #expect(decoded?["s"] == string, "byte \(special) at \(position) of \(length)")
                }
            }
        }
    }

    /// A large object, with raw fields between plain ones.
    @Test func writesLargeObjectsWithRawFieldsInOrder() throws {
        let long = String(repeating: "0123456789", count: 200)
        var object: [UInt8] = Array("prefix".utf8)
        JSONObjectWriter.write(into: &object) { writer in
            writer.field("a", long)
            writer.rawField("list") { bytes in bytes.append(contentsOf: Array("[1,2]".utf8)) }
            for index in 0..<100 { writer.field("n", index) }
            writer.rawField("nested", json: #"{"x":true}"#)
            writer.field("z", long)
        }
        #expect(object.starts(with: Array("prefix".utf8)))
        let text = String(decoding: object.dropFirst(6), as: UTF8.self)
        let expected =
            #"{"a":"\#(long)","list":[1,2],"# + (0..<100).map { #""n":\#($0)"# }.joined(separator: ",")
            + #","nested":{"x":true},"z":"\#(long)"}"#
        #expect(text == expected)

    }
}
