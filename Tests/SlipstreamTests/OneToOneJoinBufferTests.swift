import SlipstreamGrid
import SlipstreamLearn
import Testing

@testable import Slipstream

/// The one-to-one join buffer of label joins and scoring stages pairs, times out, counts and saves exactly what a
/// one-to-one ``StreamJoinBuffer`` over the same window does.
@Suite struct OneToOneJoinBufferTests {
    typealias Output = JoinOutput<String, ServedExample, Double>

    static func example(_ score: Double) -> ServedExample {
        var features = FeatureVector(hashBits: 8)
        features.append(hash: UInt32(truncatingIfNeeded: Int(score * 1_000)), value: 1)
        return ServedExample(features: features, firstScore: score, otherScores: [])
    }

    static func describe(_ output: Output) -> String {
        switch output {
        case .matched(let key, let left, let leftTime, let right, let rightTime):
            "matched \(key) \(left.firstScore)@\(leftTime) \(right)@\(rightTime)"
        case .unmatchedLeft(let key, let value, let time): "example \(key) \(value.firstScore)@\(time)"
        case .unmatchedRight(let key, let value, let time): "label \(key) \(value)@\(time)"
        }
    }

    enum Step {
        case example(String, Int64)
        case label(String, Int64)
        case watermark(Int64)
    }

    /// A stream up to 15 ms out of event-time order: events (some ids repeated), labels before and after their
    /// event (some for no event, some outside the window), and watermarks trailing the time (some items late).
    static func stream(seed: UInt64, ids: Int = 300, length: Int64 = 2_000) -> [Step] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var steps: [Step] = []
        for time in Int64(0)..<length {
            let id = "p-\(next(ids))"
            // Up to 15 ms out of order.
            let itemTime = time - Int64(next(16))
            switch next(10) {
            case 0, 1: steps.append(.label(id, itemTime))
            default: steps.append(.example(id, itemTime))
            }
            if next(7) == 0 { steps.append(.watermark(time - Int64(next(40)))) }
        }
        return steps
    }

    static func run(_ steps: [Step], pending: OneToOneJoinBuffer<String, ServedExample, Double>) -> [String] {
        var outputs: [String] = []
        let emit: (Output) -> Void = { outputs.append(describe($0)) }
        for step in steps {
            switch step {
            case .example(let id, let time): pending.offerLeft(example(Double(time)), key: id, time: time, emit: emit)
            case .label(let id, let time): pending.offerRight(Double(time), key: id, time: time, emit: emit)
            case .watermark(let time): pending.advanceWatermark(to: time, emit: emit)
            }
        }
        pending.advanceWatermark(to: .max, emit: emit)
        return outputs
    }

    static func run(_ steps: [Step], buffer: StreamJoinBuffer<String, ServedExample, Double>) -> [String] {
        var outputs: [String] = []
        let emit: (Output) -> Void = { outputs.append(describe($0)) }
        for step in steps {
            switch step {
            case .example(let id, let time): buffer.offerLeft(example(Double(time)), key: id, time: time, emit: emit)
            case .label(let id, let time): buffer.offerRight(Double(time), key: id, time: time, emit: emit)
            case .watermark(let time): buffer.advanceWatermark(to: time, emit: emit)
            }
        }
        buffer.advanceWatermark(to: .max, emit: emit)
        return outputs
    }

    /// Windows under 16 ms have no slack: every item leaves exactly when its bound passes.
    @Test(arguments: [1 as UInt64, 2, 3])
    func pairsAndTimesOutAsAJoinBufferDoes(seed: UInt64) {
        let steps = Self.stream(seed: seed)
        let pending = OneToOneJoinBuffer<String, ServedExample, Double>(window: .within(.milliseconds(7)))
        let buffer = StreamJoinBuffer<String, ServedExample, Double>(window: .within(.milliseconds(7)))
        #expect(pending.slack == 0)
        let ours = Self.run(steps, pending: pending)
        let theirs = Self.run(steps, buffer: buffer)
        #expect(ours.filter { $0.hasPrefix("matched") } == theirs.filter { $0.hasPrefix("matched") })
        #expect(ours.sorted() == theirs.sorted())
        #expect(ours.contains { $0.hasPrefix("matched") } && ours.contains { $0.hasPrefix("example") })
        #expect(pending.counters.matched == buffer.matchedCount)
        #expect(pending.counters.unmatchedLeft == buffer.unmatchedLeftCount)
        #expect(pending.counters.unmatchedRight == buffer.unmatchedRightCount)
        #expect(pending.counters.late == buffer.lateCount)
        #expect(pending.pendingLeftCount == 0 && pending.pendingRightCount == 0)
    }

    /// Thousands of items waiting at once (the index grows), keys mostly seen once (the slots of passed items are
    /// reused and the index rebuilt many times), or a few keys seen over and over (long chains of one key).
    @Test(arguments: [
        (ids: 20_000, window: 2_000, seed: 4 as UInt64), (ids: 5_000, window: 7, seed: 5), (ids: 12, window: 7, seed: 6),
    ])
    func pairsAndTimesOutAsAJoinBufferDoesWithManyOrFewKeys(ids: Int, window: Int, seed: UInt64) {
        let steps = Self.stream(seed: seed, ids: ids, length: 60_000)
        let pending = OneToOneJoinBuffer<String, ServedExample, Double>(window: .within(.milliseconds(window)))
        let buffer = StreamJoinBuffer<String, ServedExample, Double>(window: .within(.milliseconds(window)))
        let ours = Self.run(steps, pending: pending)
        let theirs = Self.run(steps, buffer: buffer)
        #expect(ours.sorted() == theirs.sorted())
        #expect(ours.contains { $0.hasPrefix("matched") } && ours.contains { $0.hasPrefix("example") })
        #expect(pending.counters.matched == buffer.matchedCount)
        #expect(pending.counters.unmatchedLeft == buffer.unmatchedLeftCount)
        #expect(pending.counters.unmatchedRight == buffer.unmatchedRightCount)
        #expect(pending.pendingLeftCount == 0 && pending.pendingRightCount == 0)
    }

    @Test func aSnapshotOfEitherRestoresIntoTheOther() throws {
        let steps = Self.stream(seed: 9)
        let half = steps.count / 2
        let buffer = StreamJoinBuffer<String, ServedExample, Double>(window: .within(.milliseconds(7)))
        var before: [String] = []
        for step in steps[..<half] {
            switch step {
            case .example(let id, let time): buffer.offerLeft(Self.example(Double(time)), key: id, time: time) { before.append(Self.describe($0)) }
            case .label(let id, let time): buffer.offerRight(Double(time), key: id, time: time) { before.append(Self.describe($0)) }
            case .watermark(let time): buffer.advanceWatermark(to: time) { before.append(Self.describe($0)) }
            }
        }
        #expect(buffer.pendingLeftCount > 0)

        // The join buffer's bytes restore into the label join, which then goes on as the buffer would.
        let restored = OneToOneJoinBuffer<String, ServedExample, Double>(window: .within(.milliseconds(7)))
        try restored.restore(from: try buffer.save())
        #expect(restored.pendingLeftCount == buffer.pendingLeftCount)
        #expect(restored.pendingRightCount == buffer.pendingRightCount)
        #expect(restored.counters.watermark == buffer.watermark)
        let rest = Array(steps[half...])
        #expect(Self.run(rest, pending: restored).sorted() == Self.run(rest, buffer: buffer).sorted())

        // And the label join's own bytes restore into a join buffer.
        let again = OneToOneJoinBuffer<String, ServedExample, Double>(window: .within(.milliseconds(7)))
        for step in steps[..<half] {
            switch step {
            case .example(let id, let time): again.offerLeft(Self.example(Double(time)), key: id, time: time) { _ in }
            case .label(let id, let time): again.offerRight(Double(time), key: id, time: time) { _ in }
            case .watermark(let time): again.advanceWatermark(to: time) { _ in }
            }
        }
        let reloaded = StreamJoinBuffer<String, ServedExample, Double>(window: .within(.milliseconds(7)))
        try reloaded.restore(from: try again.save())
        #expect(reloaded.pendingLeftCount == again.pendingLeftCount)
        #expect(Self.run(rest, buffer: reloaded).sorted() == Self.run(rest, pending: again).sorted())
        #expect(throws: GridCodecError.self) {
            try OneToOneJoinBuffer<String, ServedExample, Double>(window: .within(.milliseconds(6))).restore(from: try again.save())
        }
    }

    @Test func anItemThatArrivesOutOfOrderLeavesWhenItsOwnBoundPasses() {
        let pending = OneToOneJoinBuffer<String, ServedExample, Double>(window: .within(.milliseconds(10)))
        var outputs: [String] = []
        let emit: (Output) -> Void = { outputs.append(Self.describe($0)) }
        pending.offerLeft(Self.example(1), key: "a", time: 100, emit: emit)
        pending.offerLeft(Self.example(2), key: "b", time: 95, emit: emit)
        pending.offerLeft(Self.example(3), key: "b", time: 99, emit: emit)
        pending.advanceWatermark(to: 106, emit: emit)
        #expect(outputs == ["example b 2.0@95"])
        // The second b is matched by its label; the first was gone already.
        pending.offerRight(1, key: "b", time: 106, emit: emit)
        #expect(outputs.last == "matched b 3.0@99 1.0@106")
        pending.advanceWatermark(to: 111, emit: emit)
        #expect(outputs.last == "example a 1.0@100")
        #expect(pending.pendingLeftCount == 0 && pending.pendingRightCount == 0)
    }

    @Test func anItemOutOfOrderByLessThanTheSlackMayLeaveThatMuchLate() {
        // A 16 s window (8 s either way): a second of slack.
        let pending = OneToOneJoinBuffer<String, ServedExample, Double>(window: .within(.seconds(8)))
        #expect(pending.slack == 1_000)
        var outputs: [String] = []
        let emit: (Output) -> Void = { outputs.append(Self.describe($0)) }
        pending.offerLeft(Self.example(1), key: "a", time: 10_000, emit: emit)
        pending.offerLeft(Self.example(2), key: "b", time: 9_500, emit: emit)  // 0.5 s out of order
        pending.offerLeft(Self.example(3), key: "c", time: 5_000, emit: emit)  // 5 s out of order
        pending.advanceWatermark(to: 14_000, emit: emit)
        #expect(outputs == ["example c 3.0@5000"], "far out of order, c leaves within the slack of its own bound")
        pending.advanceWatermark(to: 17_600, emit: emit)
        #expect(outputs.count == 1, "b's bound passed, but it waits behind a, within the slack")
        pending.advanceWatermark(to: 18_001, emit: emit)
        #expect(outputs == ["example c 3.0@5000", "example a 1.0@10000", "example b 2.0@9500"])
    }

    /// A backlog drained from 8 partitions in chunks is out of order by far more than the slack: most items are
    /// filed by their bound. None leaves before its bound passes, none waits more than the slack after it, and
    /// every item leaves exactly once.
    @Test(arguments: [1_600 as Int, 7])
    func itemsFarOutOfOrderLeaveWithinTheSlackOfTheirBound(window: Int) {
        let pending = OneToOneJoinBuffer<String, ServedExample, Double>(window: .within(.milliseconds(window)))
        let width = max(1, pending.slack)
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        // Partition p holds times p, p + 8, p + 16…; chunks of up to 400 items of one partition at a time.
        var positions = [Int64](repeating: 0, count: 8)
        var clock: Int64 = 0
        var examples = 0
        var labels = 0
        var left: [String: Int] = [:]
        var early = 0
        var overdue = 0
        var filed = false
        let emit: (Output) -> Void = { output in
            let line = Self.describe(output)
            left[line, default: 0] += 1
            if case .unmatchedLeft(_, _, let time) = output, time + Int64(window) >= clock { early += 1 }
        }
        while positions.contains(where: { $0 < 20_000 }) {
            let partition = next(8)
            for _ in 0..<(1 + next(400)) where positions[partition] < 20_000 {
                let time = positions[partition] * 8 + Int64(partition)
                positions[partition] += 1
                if next(10) == 0 {
                    labels += 1
                    pending.offerRight(Double(time), key: "p-\(next(5_000))", time: time, emit: emit)
                } else {
                    examples += 1
                    pending.offerLeft(Self.example(Double(time)), key: "p-\(next(5_000))", time: time, emit: emit)
                }
            }
            // Event time: the slowest partition's position.
            let watermark = (positions.min() ?? 0) * 8
            clock = watermark
            pending.advanceWatermark(to: watermark, emit: emit)
            pending.lefts.forEachWaiting { _, time, _ in
                if time + Int64(window) < watermark - width { overdue += 1 }
            }
            if !pending.lefts.stragglers.isEmpty { filed = true }
        }
        #expect(early == 0, "no example left before its bound passed")
        #expect(overdue == 0, "no example waited more than the slack after its bound")
        #expect(filed, "items were filed by their bound")
        pending.advanceWatermark(to: .max, emit: emit)
        let matched = left.filter { $0.key.hasPrefix("matched") }.values.reduce(0, +)
        let lone = left.filter { $0.key.hasPrefix("example") }.values.reduce(0, +)
        let loneLabels = left.filter { $0.key.hasPrefix("label") }.values.reduce(0, +)
        #expect(matched + lone == examples)
        #expect(matched + loneLabels == labels)
        #expect(matched > 0)
        #expect(pending.pendingLeftCount == 0 && pending.pendingRightCount == 0)
    }
}
