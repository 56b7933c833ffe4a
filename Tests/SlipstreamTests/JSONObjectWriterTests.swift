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

    @Test func writesNumbersAsJSONThatReadsBackExactly() throws {
        let integers: [Int64] = [0, 7, -7, 10, -10, 1_000_000_007, .max, .min, .max - 1, .min + 1]
        let doubles: [Double] = [
            0, -0.0, 1, -1.5, 0.1, 1.0 / 3, 0.1234567890123456, 123_456_789.125, 1e300, -1e-300, 5e-324,
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
}
