import SlipstreamGrid
import SlipstreamLearn

/// What reaches a scoring vertex: an event to score, or a label for an event scored earlier.
///
/// The engine gives a processor one input type, so the label stream is mapped into this enum (its id, value and
/// time extracted) before its edge: the vertex needs no knowledge of the label's own type.
@usableFromInline
enum LearnerInput<Event, ID> {
    case event(Event)
    case label(id: ID, value: Double, time: Int64)
}

extension LearnerInput: Sendable where Event: Sendable, ID: Sendable {}

/// The features served for an event, with every learner's score at serving time, waiting for the event's label:
/// when it comes the learners train on exactly these features, and their metrics judge exactly these scores.
@usableFromInline
struct ServedExample: Sendable {
    @usableFromInline var features: FeatureVector
    /// The first learner's score (the common case of one learner stores no array).
    @usableFromInline var firstScore: Double
    /// The other learners' scores, in the stage's order.
    @usableFromInline var otherScores: [Double]
    /// The event's first target-encoded value, which the encoder learns the label for when it comes (the common
    /// case of at most one target-encoded field stores no array).
    @usableFromInline var firstTarget: TargetEncodedValue?
    /// Its other target-encoded values.
    @usableFromInline var otherTargets: [TargetEncodedValue] = []

    @usableFromInline
    init(features: FeatureVector, firstScore: Double, otherScores: [Double], targets: [TargetEncodedValue] = []) {
        self.features = features
        self.firstScore = firstScore
        self.otherScores = otherScores
        firstTarget = targets.first
        otherTargets = Array(targets.dropFirst())
    }

    /// Every target-encoded value, in field order.
    var targets: [TargetEncodedValue] { firstTarget.map { [$0] + otherTargets } ?? [] }

    /// Keeps the target-encoded values of the event `encoder` just encoded.
    @inlinable
    mutating func keepTargets(of encoder: FeatureEncoder) {
        encoder.forEachPendingTarget { value in
            if firstTarget == nil { firstTarget = value } else { otherTargets.append(value) }
        }
    }

    /// Teaches `encoder` the target `y` for the values kept.
    @inlinable
    func teach(_ encoder: inout FeatureEncoder, target y: Double) {
        guard let firstTarget else { return }
        encoder.learnTarget(y, for: firstTarget)
        for value in otherTargets { encoder.learnTarget(y, for: value) }
    }

    /// The score learner `learner` served, NaN if it was not running then (a challenger added since a snapshot
    /// whose examples were restored).
    @inlinable
    func score(of learner: Int) -> Double {
        if learner == 0 { return firstScore }
        return learner - 1 < otherScores.count ? otherScores[learner - 1] : .nan
    }
}

// Saved inside a join state, with no length of its own. The first byte is the feature space's hash bits
// (1...30); an example with target-encoded values starts with `withTargetsMarker` instead and ends with them, so
// snapshots written before target encoding could wait for labels still restore, and ones without targets are
// unchanged.
extension ServedExample: BinaryCodable {
    @usableFromInline static let withTargetsMarker: UInt8 = 0xC1

    @usableFromInline
    func encode(to writer: inout BinaryWriter) {
        if firstTarget != nil { writer.write(Self.withTargetsMarker) }
        writer.write(UInt8(features.hashBits))
        writer.writeLength(features.denseSlots)
        writer.writeLength(features.count)
        for entry in features.entries {
            writer.write(entry.index)
            writer.write(entry.hash)
            writer.write(entry.value)
            writer.write(entry.namespace)
        }
        writer.write(firstScore)
        writer.writeLength(otherScores.count)
        for score in otherScores { writer.write(score) }
        guard let firstTarget else { return }
        writer.writeLength(1 + otherTargets.count)
        Self.write(firstTarget, to: &writer)
        for target in otherTargets { Self.write(target, to: &writer) }
    }

    @usableFromInline
    static func write(_ target: TargetEncodedValue, to writer: inout BinaryWriter) {
        writer.writeLength(target.field)
        writer.write(target.key)
    }

    @usableFromInline
    init(from reader: inout BinaryReader) throws(GridCodecError) {
        var first = try reader.read(UInt8.self)
        let hasTargets = first == Self.withTargetsMarker
        if hasTargets { first = try reader.read(UInt8.self) }
        let hashBits = Int(first)
        let denseSlots = try reader.readLength(minimumBytesEach: 0)
        guard (1...30).contains(hashBits), denseSlots < 1 << 24 else {
            throw .invalid("a served example with \(hashBits) hash bits and \(denseSlots) dense slots")
        }
        let slots = UInt32(1 << hashBits) + UInt32(denseSlots)
        let count = try reader.readLength(minimumBytesEach: 14)
        var entries: [FeatureEntry] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let index = try reader.read(UInt32.self)
            let hash = try reader.read(UInt32.self)
            let value = try reader.read(Float.self)
            let namespace = try reader.read(UInt16.self)
            guard index < slots, value.isFinite else { throw .invalid("a served feature outside the model's space") }
            entries.append(FeatureEntry(index: index, hash: hash, value: value, namespace: namespace))
        }
        var features = FeatureVector(hashBits: hashBits, denseSlots: denseSlots, capacity: 0)
        features.setEntries(entries)
        let firstScore = try reader.read(Double.self)
        let others = try reader.readLength(minimumBytesEach: 8)
        var otherScores: [Double] = []
        otherScores.reserveCapacity(others)
        for _ in 0..<others { otherScores.append(try reader.read(Double.self)) }
        var targets: [TargetEncodedValue] = []
        if hasTargets {
            let count = try reader.readLength(minimumBytesEach: 9)
            targets.reserveCapacity(count)
            for _ in 0..<count {
                let field = try reader.readLength(minimumBytesEach: 0)
                targets.append(TargetEncodedValue(field: field, key: try reader.read(UInt64.self)))
            }
        }
        self.init(features: features, firstScore: firstScore, otherScores: otherScores, targets: targets)
    }
}
