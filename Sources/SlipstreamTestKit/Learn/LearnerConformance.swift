import Foundation
import SlipstreamLearn

/// The checks every online learner must pass (River's `check_*` suite, for Slipstream's learners): a model file
/// round trip predicts identically, feature order does not matter, features may emerge and disappear mid-stream,
/// equal seeds give equal models, batch and one-by-one agree.
///
/// Each check returns the problems it found (empty when the learner conforms), so any test framework can assert
/// on it: `#expect(LearnerConformance.check(configuration).isEmpty)`.
public enum LearnerConformance {
    /// Runs every check on learners of `configuration`; returns the problems, each prefixed by its check's name.
    public static func check(_ configuration: LearnerConfiguration, events: Int = 600) -> [String] {
        var problems: [String] = []
        problems += modelFileRoundTrip(configuration, events: events).map { "model file round trip: " + $0 }
        problems += featureOrderDoesNotMatter(configuration, events: events).map { "feature order: " + $0 }
        problems += emergingAndDisappearingFeatures(configuration, events: events).map { "emerging/disappearing features: " + $0 }
        problems += seededDeterminism(configuration, events: events).map { "seeded determinism: " + $0 }
        problems += batchMatchesOneByOne(configuration, events: events).map { "batch: " + $0 }
        return problems
    }

    static func stream(_ c: LearnerConfiguration, events: Int, seed: UInt64 = 42, emerging: Int? = nil,
                       disappearing: Int? = nil) -> SyntheticStream {
        SyntheticStream(model: c.model, count: events, hashBits: c.hashBits, denseSlots: c.denseSlots, seed: seed,
                        emergingAfter: emerging, disappearingAfter: disappearing)
    }

    static func train(_ c: LearnerConfiguration, on s: SyntheticStream, range: Range<Int>? = nil) throws -> any OnlineLearner {
        var learner = try c.makeLearner()
        for e in s.events[range ?? s.events.indices] { learner.learn(e.features, target: e.target) }
        return learner
    }

    /// Train, write a model file, read it back: predictions must be bit-identical, and learning on after the
    /// restore must match learning on without it.
    public static func modelFileRoundTrip(_ c: LearnerConfiguration, events: Int) -> [String] {
        do {
            let s = stream(c, events: events)
            let half = events / 2
            var original = try train(c, on: s, range: 0..<half)
            let bytes = try ModelFile(anyLearner: original).serialized()
            var restored = try ModelFile.parse(bytes).makeLearner()
            var problems: [String] = []
            for (i, e) in s.events[half...].enumerated() {
                let a = original.score(e.features), b = restored.score(e.features)
                if a.bitPattern != b.bitPattern && !(a.isNaN && b.isNaN) {
                    problems.append("event \(half + i): \(a) before, \(b) after the round trip")
                    break
                }
                original.learn(e.features, target: e.target)
                restored.learn(e.features, target: e.target)
            }
            return problems
        } catch {
            return ["\(error)"]
        }
    }

    /// Shuffling the entries of each event changes only float rounding.
    public static func featureOrderDoesNotMatter(_ c: LearnerConfiguration, events: Int) -> [String] {
        do {
            let s = stream(c, events: events)
            var rng = SeededGenerator(seed: 7)
            var a = try c.makeLearner(), b = try c.makeLearner()
            for (i, e) in s.events.enumerated() {
                var shuffled = e.features
                shuffled.setEntries(e.features.entries.shuffled(using: &rng))
                let pa = a.score(e.features), pb = b.score(shuffled)
                if abs(pa - pb) > 1e-4 * max(1, abs(pa)) {
                    return ["event \(i): \(pa) in order, \(pb) shuffled"]
                }
                a.learn(e.features, target: e.target)
                b.learn(shuffled, target: e.target)
            }
            return []
        } catch {
            return ["\(error)"]
        }
    }

    /// A namespace that appears only halfway and one that stops halfway: predictions stay finite, the new
    /// features get weights, the old ones keep theirs.
    public static func emergingAndDisappearingFeatures(_ c: LearnerConfiguration, events: Int) -> [String] {
        do {
            let half = events / 2
            let s = stream(c, events: events, emerging: half, disappearing: half)
            var learner = try c.makeLearner()
            var problems: [String] = []
            for (i, e) in s.events.enumerated() {
                let p = learner.score(e.features)
                if !p.isFinite { problems.append("event \(i): prediction \(p)"); break }
                learner.learn(e.features, target: e.target)
            }
            let emerged = s.events[events - 1].features.entries.filter { $0.namespace == 2 }
            let outputs = learner.core.table.outputs
            if !emerged.contains(where: { e in (0..<outputs).contains { learner.core.table.weight(slot: Int(e.index), output: $0) != 0 } }) {
                problems.append("features of the emerging namespace learnt nothing")
            }
            let gone = s.events[0].features.entries.filter { $0.namespace == 1 }
            if !gone.contains(where: { e in (0..<outputs).contains { learner.core.table.weight(slot: Int(e.index), output: $0) != 0 } })
                && c.regularization.l1 == 0 {
                problems.append("features of the disappearing namespace lost their weights")
            }
            return problems
        } catch {
            return ["\(error)"]
        }
    }

    /// Two fresh learners on the same seeded stream make identical predictions; another seed gives another model.
    public static func seededDeterminism(_ c: LearnerConfiguration, events: Int) -> [String] {
        do {
            let s1 = stream(c, events: events, seed: 11)
            let a = try train(c, on: s1), b = try train(c, on: stream(c, events: events, seed: 11))
            let other = try train(c, on: stream(c, events: events, seed: 12))
            var differs = false
            for e in s1.events.suffix(50) {
                if a.score(e.features).bitPattern != b.score(e.features).bitPattern {
                    return ["equal seeds gave different predictions"]
                }
                if a.score(e.features) != other.score(e.features) { differs = true }
            }
            return differs || c.model == .softmax ? [] : ["different seeds gave identical predictions"]
        } catch {
            return ["\(error)"]
        }
    }

    /// `score(batch:)` and `learn(batch:targets:)` equal the one-by-one calls.
    public static func batchMatchesOneByOne(_ c: LearnerConfiguration, events: Int) -> [String] {
        do {
            let s = stream(c, events: events)
            var a = try c.makeLearner(), b = try c.makeLearner()
            for e in s.events { a.learn(e.features, target: e.target) }
            b.learn(batch: s.events.map(\.features), targets: s.events.map(\.target))
            var scores: [Double] = []
            b.score(batch: s.events.map(\.features), into: &scores)
            for (i, e) in s.events.enumerated() where a.score(e.features).bitPattern != scores[i].bitPattern {
                return ["event \(i): \(a.score(e.features)) one by one, \(scores[i]) in a batch"]
            }
            return []
        } catch {
            return ["\(error)"]
        }
    }
}
