import Foundation
import PropertyBased
import Testing
@testable import SlipstreamJSON

/// Generated values encoded by Foundation's `JSONEncoder` decode to the same value with `JSONEventDecoder` as with
/// Foundation's `JSONDecoder`.
@Suite("JSONEventDecoder properties")
struct JSONEventDecoderPropertyTests {
    enum Level: String, Codable, CaseIterable { case low, medium, high }

    struct Sample: Codable, Equatable {
        var i: Int
        var i32: Int32
        var u64: UInt64
        var d: Double
        var f: Float
        var s: String
        var b: Bool
        var note: String?
        var tags: [String]
        var level: Level
        var counts: [String: Int]
    }

    static let text = Generator<String, Shrink.None<String>> { rng in GeneratedJSON.string(&rng) }

    static let sample = zip(
        Gen.int(), Gen.int32(), Gen.uint64(), Gen.double(in: -1e15...1e15), Gen.float(in: -1e6...1e6),
        text, Gen.bool, text.optional, Gen.letterOrNumber.string(of: 0...5).array(of: 0...4)
    ).map { i, i32, u64, d, f, s, b, note, tags in
        Sample(i: i, i32: i32, u64: u64, d: d, f: f, s: s, b: b, note: note, tags: tags, level: .medium, counts: [:])
    }

    @Test func decodesWhatJSONEncoderWrites() async {
        let decoder = JSONEventDecoder()
        await propertyCheck(count: 300, input: Self.sample, Gen<Level>.case, Gen.int(in: 0...3)) { base, level, style in
            var sample = base
            sample.level = level
            sample.counts = Dictionary(sample.tags.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let encoder = JSONEncoder()
            encoder.outputFormatting = [[], [.sortedKeys], [.prettyPrinted], [.withoutEscapingSlashes, .sortedKeys]][style]
            let data = try encoder.encode(sample)
            let ours = try decoder.decode(Sample.self, from: data)
            let foundation = try JSONDecoder().decode(Sample.self, from: data)
            #expect(ours == sample)
            #expect(ours == foundation)
        }
    }
}
