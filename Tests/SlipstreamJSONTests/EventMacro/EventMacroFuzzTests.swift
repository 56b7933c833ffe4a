import Foundation
import PropertyBased
import Testing
@testable import SlipstreamJSON

/// Random documents over the fields of the `@JSONEvent` fixtures: both decoding paths agree on every one, values
/// and errors, with fresh decoders and with decoders whose key hints were made by earlier documents.
@Suite("@JSONEvent fuzzing")
struct EventMacroFuzzTests {
    static let keys = [
        "s", "b", "d", "f", "i", "i8", "i16", "i32", "i64", "u", "u8", "u16", "u32", "u64",
        "payment_id", "amount", #"the "note""#, "n", "receivedAt", "version", "extra",
    ]

    /// A value that lands near the edges of the fields' types more often than chance would.
    static func value(_ rng: inout any SeededRandomNumberGenerator) -> String {
        let edges: [String] = [
            "0", "-0", "-1", "127", "128", "-129", "255", "256", "32767", "-32769", "65535", "65536", "2147483647",
            "2147483648", "-2147483649", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
            "3.0", "3.5", "-2.5e0", "1e3", "1E-3", "1e38", "3.5e38", "1e308", "-1e-320", "0.1", "123456789012345678901",
        ]
        switch Int.random(in: 0..<12, using: &rng) {
        case 0...3: return edges.randomElement(using: &rng)!
        case 4: return String(Int64.random(in: .min ... .max, using: &rng))
        case 5: return String(Double.random(in: -1e6...1e6, using: &rng))
        case 6: return Bool.random(using: &rng) ? "true" : "false"
        case 7: return "null"
        case 8: return ["[]", "[1,2]", #"{"a":1}"#, "{}"].randomElement(using: &rng)!
        default:
            return String(decoding: GeneratedObject(members: [("k", .string(GeneratedJSON.string(&rng)))])
                .escapedJSON(whitespaceSeed: 0).dropFirst(5).dropLast(), as: UTF8.self)
        }
    }

    /// A value of the kind the fixtures' field `key` expects, mostly in range.
    static func plausibleValue(for key: String, _ rng: inout any SeededRandomNumberGenerator) -> String {
        switch key {
        case "s", "payment_id", #"the "note""#:
            return String(decoding: GeneratedObject(members: [("k", .string(GeneratedJSON.string(&rng)))])
                .escapedJSON(whitespaceSeed: 0).dropFirst(5).dropLast(), as: UTF8.self)
        case "b": return Bool.random(using: &rng) ? "true" : "false"
        case "d", "f", "amount": return String(Double.random(in: -1e6...1e6, using: &rng))
        default: return String(Int.random(in: 0...127, using: &rng)) + (Bool.random(using: &rng) ? "" : ".0")
        }
    }

    /// An object of random members (often all of a fixture's fields, in random order, sometimes repeated).
    static let documents = Generator<String, Shrink.None<String>> { rng in
        var keys = Self.keys.shuffled(using: &rng)
        keys = Array(keys.prefix(Int.random(in: keys.count - 6...keys.count, using: &rng)))
        for _ in 0..<Int.random(in: 0...2, using: &rng) { keys.insert(keys.randomElement(using: &rng)!, at: Int.random(in: 0...keys.count, using: &rng)) }
        let members = keys.map { key in
            String(decoding: GeneratedObject(members: [(key, .null)]).escapedJSON(whitespaceSeed: 0).dropFirst().prefix { $0 != 0x3A }, as: UTF8.self)
                + ":" + (Int.random(in: 0..<5, using: &rng) == 0 ? value(&rng) : plausibleValue(for: key, &rng))
        }
        return "{" + members.joined(separator: Bool.random(using: &rng) ? "," : " , ") + "}"
    }

    @Test func bothPathsAgreeOnRandomDocuments() async {
        let shared = JSONEventDecoder()
        let outcomes = Outcomes()
        await propertyCheck(count: 1500, input: Self.documents) { text in
            EventMacroAgreementTests.agree(AllPrimitives.self, text, shared: shared)
            outcomes.count(EventMacroAgreementTests.agree(AllOptionals.self, text, shared: shared))
            outcomes.count(EventMacroAgreementTests.agree(RenamedEvent.self, text, shared: shared))
        }
        // The generator must reach both outcomes, or the agreement says little.
        #expect(outcomes.decoded > 10 && outcomes.failed > 10, "\(outcomes.decoded) decoded, \(outcomes.failed) failed")
    }

    final class Outcomes: @unchecked Sendable {
        var decoded = 0
        var failed = 0

        func count<T>(_ result: Result<T, JSONDecodeError>) {
            if case .success = result { decoded += 1 } else { failed += 1 }
        }
    }

    /// Many documents of the same key order, then shuffled ones: the hints are learned, then mostly wrong.
    @Test func bothPathsAgreeWhenTheKeyOrderChanges() {
        let shared = JSONEventDecoder()
        var rng = Xoshiro(seed: (1, 2, 3, 42))
        let stable = EventMacroAgreementTests.allPrimitives
        for round in 0..<200 {
            let text = round % 3 == 0 ? Self.documents.run(using: &rng) : stable
            EventMacroAgreementTests.agree(AllPrimitives.self, text, shared: shared)
            EventMacroAgreementTests.agree(AllOptionals.self, text, shared: shared)
        }
    }
}
