import Foundation
import SlipstreamLearn

/// A seeded stream of labelled events for learner checks: dense numerics, hashed categoricals from a Zipf-like
/// vocabulary, and a target drawn from a hidden linear model (binary, real or multiclass).
public struct SyntheticStream: Sendable {
    /// One event.
    public struct Event: Sendable {
        public var features: FeatureVector
        public var target: Double
    }

    /// The events, in order.
    public private(set) var events: [Event] = []

    /// Generates `count` events for `model`, shaped for vectors of `hashBits` bits and `denseSlots` dense slots.
    /// `emergingAfter`: categorical namespace 2 appears only from that event on; `disappearingAfter`: namespace 1
    /// stops after it.
    public init(model: ModelKind, count: Int, hashBits: Int = 18, denseSlots: Int = 4, seed: UInt64 = 42,
                emergingAfter: Int? = nil, disappearingAfter: Int? = nil) {
        var rng = SeededGenerator(seed: seed)
        let classes = 3
        let denseWeights = (0..<(denseSlots * classes)).map { _ in rng.normal() }
        var vocabularyWeights: [[Double]] = (0..<3).map { _ in (0..<50).map { _ in rng.normal() } }
        if model == .softmax { vocabularyWeights = vocabularyWeights.map { $0.map { $0 * 0.5 } } }
        for i in 0..<count {
            var x = FeatureVector(hashBits: hashBits, denseSlots: denseSlots)
            var margins = Array(repeating: 0.0, count: classes)
            for d in 0..<denseSlots {
                let v = rng.normal()
                x.appendDense(slot: d, value: Float(v), hash: UInt32(d) &* 2_654_435_761, namespace: 0)
                for c in 0..<classes { margins[c] += denseWeights[d * classes + c] * Double(Float(v)) * (c == 0 ? 1 : 0.5 * Double(c)) }
            }
            for ns in 1...3 {
                if ns == 2, let e = emergingAfter, i < e { continue }
                if ns == 1, let d = disappearingAfter, i >= d { continue }
                // Zipf-like: small values are frequent.
                let u = Double.random(in: 0..<1, using: &rng)
                let value = min(Int(u * u * 50), 49)
                let hash = MurmurHash3.hash32(Int64(value), seed: UInt32(ns) &* 0x9e37_79b9)
                x.append(hash: hash, value: 1, namespace: UInt16(ns))
                for c in 0..<classes { margins[c] += vocabularyWeights[ns - 1][value] * (c == 0 ? 1 : -0.5 * Double(c)) }
            }
            let target: Double
            switch model {
            case .logistic:
                let p = 1 / (1 + exp(-margins[0]))
                target = Double.random(in: 0..<1, using: &rng) < p ? 1 : 0
            case .linear:
                target = margins[0] + 0.1 * rng.normal() + 3
            case .softmax:
                var best = 0
                for c in 1..<classes where margins[c] > margins[best] { best = c }
                target = Double(best)
            }
            events.append(Event(features: x, target: target))
        }
    }
}
