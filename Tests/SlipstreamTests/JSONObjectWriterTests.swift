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
}
