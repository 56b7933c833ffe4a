import SlipstreamGrid
import SlipstreamLearn
import Testing

@testable import Slipstream

/// A served example waiting for its label survives a snapshot with everything it needs to be learnt: its features,
/// its scores, and the target-encoded values whose statistics learn the label.
@Suite struct ServedExampleCodingTests {
    static func example(targets: [TargetEncodedValue]) -> ServedExample {
        var features = FeatureVector(hashBits: 10, denseSlots: 2, capacity: 4)
        features.append(hash: 77, value: 1, namespace: 1)
        features.appendDense(slot: 1, value: 0.25, hash: 5, namespace: 0)
        return ServedExample(features: features, firstScore: 0.125, otherScores: [0.5], targets: targets)
    }

    static func roundTrip(_ example: ServedExample) throws -> ServedExample {
        var writer = BinaryWriter()
        example.encode(to: &writer)
        // Embedded in a longer record, as a join state saves it: the example must end where it began to.
        writer.write(UInt32(0xFEED_F00D))
        var reader = BinaryReader(writer.bytes)
        let decoded = try ServedExample(from: &reader)
        #expect(try reader.read(UInt32.self) == 0xFEED_F00D)
        #expect(reader.isAtEnd)
        return decoded
    }

    @Test func targetEncodedValuesRoundTrip() throws {
        let targets = [TargetEncodedValue(field: 0, key: 0xDEAD_BEEF_0000_0001), TargetEncodedValue(field: 3, key: 42)]
        let decoded = try Self.roundTrip(Self.example(targets: targets))
        #expect(decoded.targets == targets)
        #expect(decoded.features.entries == Self.example(targets: []).features.entries)
        #expect(decoded.firstScore == 0.125 && decoded.otherScores == [0.5])
    }

    @Test func anExampleWithoutTargetsIsSavedAsBeforeTargetsCouldWait() throws {
        var withTargets = BinaryWriter()
        Self.example(targets: [TargetEncodedValue(field: 1, key: 9)]).encode(to: &withTargets)
        var without = BinaryWriter()
        Self.example(targets: []).encode(to: &without)
        // The earlier format starts with the hash bits; only an example with targets is marked.
        #expect(without.bytes.first == 10)
        #expect(withTargets.bytes.first == ServedExample.withTargetsMarker)
        #expect(Array(withTargets.bytes.dropFirst().prefix(without.count)) == without.bytes)
        let decoded = try Self.roundTrip(Self.example(targets: []))
        #expect(decoded.targets.isEmpty)
        #expect(decoded.features.entries == Self.example(targets: []).features.entries)
    }

    @Test func aTruncatedTargetListIsRejected() throws {
        var writer = BinaryWriter()
        Self.example(targets: [TargetEncodedValue(field: 0, key: 1), TargetEncodedValue(field: 1, key: 2)]).encode(to: &writer)
        var reader = BinaryReader(Array(writer.bytes.dropLast(3)))
        #expect(throws: GridCodecError.self) { try ServedExample(from: &reader) }
    }
}
