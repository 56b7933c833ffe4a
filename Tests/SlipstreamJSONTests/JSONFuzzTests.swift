import Foundation
import PropertyBased
import Testing
@testable import SlipstreamJSON

/// Random and mutated documents: the reader and the decoder never crash, and they accept exactly what Foundation
/// accepts, with the same content.
@Suite("JSON fuzzing")
struct JSONFuzzTests {
    /// Bytes drawn mostly from JSON's own alphabet, so that many inputs get far into the parser.
    static let randomBytes = Generator<[UInt8], Shrink.None<[UInt8]>> { rng in
        let alphabet = Array(#"{}[]:,"\ 0123456789-+.eEtruefalsn\u"#.utf8) + [0x0A, 0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xF0, 0x9F, 0xED, 0xFF]
        let count = Int.random(in: 0...96, using: &rng)
        var bytes: [UInt8] = Bool.random(using: &rng) ? [0x7B] : []
        for _ in 0..<count {
            bytes.append(Int.random(in: 0..<4, using: &rng) == 0 ? UInt8.random(in: 0...255, using: &rng)
                                                                  : alphabet.randomElement(using: &rng)!)
        }
        return bytes
    }

    /// Valid documents with one to four mutations: flipped, inserted, deleted or duplicated bytes, truncation.
    static let mutatedDocuments = Generator<[UInt8], Shrink.None<[UInt8]>> { rng in
        let object = GeneratedJSON.object.run(using: &rng)
        var bytes = Bool.random(using: &rng) ? Array(object.foundationJSON) : object.escapedJSON(whitespaceSeed: rng.next())
        for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
            case 1: bytes.insert(Array(#"{}[]:,"\-.e0"#.utf8).randomElement(using: &rng)!, at: at)
            case 2: bytes.remove(at: at)
            case 3: bytes.removeSubrange(at...)
            case 4: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 8)], at: at)
            default: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            }
        }
        return bytes
    }

    /// A type that decodes from most objects, so that the decoder's paths run on mutated input too.
    struct Probe: Decodable, Equatable {
        var k0: Int?
        var k1: Double?
        var k2: String?
        var k3: Bool?
        var k4: [Int]?
        var k5: [String: Int]?
    }

    @Test func randomBytesNeverCrashAndAgreeWithFoundation() async {
        let reader = JSONReader()
        let decoder = JSONEventDecoder()
        await propertyCheck(count: 3000, input: Self.randomBytes) { bytes in
            try checkAgreement(bytes, reader: reader, decoder: decoder)
        }
    }

    @Test func mutatedDocumentsNeverCrashAndAgreeWithFoundation() async {
        let reader = JSONReader()
        let decoder = JSONEventDecoder()
        await propertyCheck(count: 3000, input: Self.mutatedDocuments) { bytes in
            try checkAgreement(bytes, reader: reader, decoder: decoder)
        }
    }

    private func checkAgreement(_ bytes: [UInt8], reader: JSONReader, decoder: JSONEventDecoder) throws {
        let data = Data(bytes)
        let ours = try? reader.parseObject(bytes)
        // Foundation accepts trailing commas (`{"a":1,}`), which RFC 8259 does not allow.
        if Self.hasTrailingComma(bytes) {
            #expect(ours == nil, "reader accepted a trailing comma in \(Array(bytes))")
            return
        }
        let foundation = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect((ours != nil) == (foundation != nil), "reader and Foundation disagree on \(Array(bytes))")
        if let ours, let foundation {
            #expect(ours.count >= foundation.count)
            for field in ours {
                #expect(foundation[field.key.string] != nil)
            }
        }
        // Foundation's JSONDecoder does not validate the parts of a document it skips, so it is the reference only
        // for documents JSONSerialization accepts; the others must fail.
        let decoded = try? decoder.decode(Probe.self, from: bytes)
        if foundation != nil {
            let expected = try? JSONDecoder().decode(Probe.self, from: data)
            // Foundation truncates a number with a fraction into an Int when it is large
            // (-369346040115658404.3 gives -369346040115658404); an integer must be exact here.
            if decoded == nil, expected?.k0 != nil, let k0 = ours?["k0"], k0.kind == .number, k0.int64 == nil { return }
            #expect(decoded == expected, "decoder and Foundation disagree on \(Array(bytes))")
        } else {
            #expect(decoded == nil, "decoder accepted \(Array(bytes))")
        }
    }

    /// Whether a comma outside strings is followed (after whitespace) by a closing bracket.
    static func hasTrailingComma(_ bytes: [UInt8]) -> Bool {
        var inString = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if inString {
                if c == 0x5C { i += 1 } else if c == 0x22 { inString = false }
            } else if c == 0x22 {
                inString = true
            } else if c == 0x2C {
                var j = i + 1
                while j < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[j]) { j += 1 }
                if j < bytes.count, bytes[j] == 0x7D || bytes[j] == 0x5D { return true }
            }
            i += 1
        }
        return false
    }

    @Test func hostileShapesFailCleanly() throws {
        let reader = JSONReader()
        let deepArrays = "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        let deepObjects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        let unclosed = "{\"a\":" + String(repeating: "[", count: 100_000)
        for text in [deepArrays, deepObjects, unclosed] {
            #expect(throws: JSONParseError.self) { try reader.parseObject(Array(text.utf8)) }
        }
        struct Nested: Decodable { var a: [[[[Int]]]] }
        #expect(throws: JSONDecodeError.self) { try JSONEventDecoder().decode(Nested.self, from: Array(deepArrays.utf8)) }

        let hugeNumber = #"{"a":1"# + String(repeating: "0", count: 400) + "}"
        #expect(throws: JSONParseError(.numberOutOfRange, offset: 5)) { try reader.parseObject(Array(hugeNumber.utf8)) }
        for digits in [19, 20, 25, 40, 400, 5000] {
            let longDigits = #"{"a":0."# + String(repeating: "3", count: digits) + "}"
            #expect(try reader.parseObject(Array(longDigits.utf8))["a"]?.double == 1.0 / 3.0)
        }
        let numbers = ["12345678901234567890123", "-98765432109876543210.5e-3", "1e-400", "-1e-400", "0.1e-330",
                       "1.7976931348623157e308", "2.2250738585072011e-308", "18446744073709551616", "123.456e-2"]
        for text in numbers {
            #expect(try reader.parseObject(Array(#"{"a":\#(text)}"#.utf8))["a"]?.double == Double(text), "\(text)")
        }
        for literal in ["NaN", "Infinity", "-Infinity", "nan", "inf", "+1", "0x10", "1e", "--1", ".5", "1.e5"] {
            #expect(throws: JSONParseError.self) { try reader.parseObject(Array(#"{"a":\#(literal)}"#.utf8)) }
        }
        let longString = #"{"s":""# + String(repeating: "é\\n", count: 200_000) + #""}"#
        #expect(try reader.parseObject(Array(longString.utf8))["s"]?.string?.count == 600_000)
    }
}
