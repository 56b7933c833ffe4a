import PropertyBased
import SlipstreamGrid
import Testing

@Suite("Stream-to-stream join buffer")
struct StreamJoinBufferTests {
    struct Item: Sendable { var key: Int; var time: Int64; var id: Int; var isLeft: Bool; var jitter: Int64 }
    struct Pair: Hashable { var left: Int; var right: Int }
    static let disorder: Int64 = 50

    /// Feeds items out of order (at most `disorder` behind the newest) with the watermark trailing the newest
    /// time by the disorder, so no item is late; then flushes. Returns the pairs and the unmatched ids.
    static func run(_ items: [Item], window: JoinWindow, cardinality: JoinCardinality, disorder: Int64 = disorder)
        -> (pairs: [Pair], unmatchedLeft: [Int], unmatchedRight: [Int], buffer: StreamJoinBuffer<Int, Int, Int>) {
        let buffer = StreamJoinBuffer<Int, Int, Int>(window: window, cardinality: cardinality)
        var pairs: [Pair] = [], ul: [Int] = [], ur: [Int] = []
        let emit = { (o: JoinOutput<Int, Int, Int>) in
            switch o {
            case let .matched(_, l, _, r, _): pairs.append(Pair(left: l, right: r))
            case let .unmatchedLeft(_, l, _): ul.append(l)
            case let .unmatchedRight(_, r, _): ur.append(r)
            }
        }
        var newest = Int64.min
        for (i, item) in items.sorted(by: { $0.time + $0.jitter < $1.time + $1.jitter }).enumerated() {
            if item.isLeft { buffer.offerLeft(item.id, key: item.key, time: item.time, emit: emit) }
            else { buffer.offerRight(item.id, key: item.key, time: item.time, emit: emit) }
            newest = max(newest, item.time)
            if i % 5 == 4 { buffer.advanceWatermark(to: newest - disorder, emit: emit) }
        }
        buffer.advanceWatermark(to: .max, emit: emit)
        return (pairs, ul, ur, buffer)
    }

    /// Predictions with unique ids, labels for some of them after a random delay (some beyond the bound):
    /// exactly the in-bound labels match, every other item comes out unmatched, whatever the arrival order.
    @Test func predictionsMeetTheirDelayedLabels() async {
        // Jitter up to 500 ms: labels often arrive before their predictions.
        let gen = zip(Gen.int64(in: 0...3_000), Gen.int(in: 0...2), Gen.int64(in: 0...400),
                      Gen.int64(in: 0...500), Gen.int64(in: 0...500)).array(of: 0...120)
        await propertyCheck(count: 80, input: gen) { rows in
            let bound: Int64 = 300
            var items: [Item] = []
            var expectedPairs: Set<Pair> = [], expectedLeft: Set<Int> = [], expectedRight: Set<Int> = []
            for (id, (time, labelKind, delay, j1, j2)) in rows.enumerated() {
                items.append(Item(key: id, time: time, id: id, isLeft: true, jitter: j1))
                if labelKind == 0 {           // no label ever comes
                    expectedLeft.insert(id)
                    continue
                }
                items.append(Item(key: id, time: time + delay, id: 10_000 + id, isLeft: false, jitter: j2))
                if delay <= bound { expectedPairs.insert(Pair(left: id, right: 10_000 + id)) }
                else { expectedLeft.insert(id); expectedRight.insert(10_000 + id) }
            }
            let (pairs, ul, ur, buffer) = Self.run(items, window: .rightFollows(within: .milliseconds(bound)),
                                                   cardinality: .oneToOne, disorder: 500)
            #expect(Set(pairs) == expectedPairs && pairs.count == expectedPairs.count)
            #expect(Set(ul) == expectedLeft && ul.count == expectedLeft.count)
            #expect(Set(ur) == expectedRight && ur.count == expectedRight.count)
            #expect(buffer.matchedCount == Int64(expectedPairs.count))
            #expect(buffer.unmatchedLeftCount == Int64(expectedLeft.count))
            #expect(buffer.pendingKeyCount == 0 && buffer.pendingLeftCount == 0 && buffer.pendingRightCount == 0)
            #expect(buffer.lateCount == 0)
        }
    }

    /// Many items per key: every pair within the bounds is emitted once, and the items without any partner
    /// come out unmatched.
    @Test func intervalJoinMatchesBruteForce() async {
        let gen = zip(Gen.int(in: 0...3), Gen.int64(in: 0...1_000), Gen.bool, Gen.int64(in: 0...Self.disorder))
            .array(of: 0...80)
        await propertyCheck(count: 80, input: gen, Gen.int64(in: -100...50), Gen.int64(in: 0...150)) { rows, lower, width in
            let window = JoinWindow(lowerBoundMilliseconds: lower, upperBoundMilliseconds: lower + width)
            let items = rows.enumerated().map { Item(key: $1.0, time: $1.1, id: $0, isLeft: $1.2, jitter: $1.3) }
            var expected: Set<Pair> = []
            for l in items where l.isLeft {
                for r in items where !r.isLeft && r.key == l.key
                    && r.time - l.time >= window.lowerBound && r.time - l.time <= window.upperBound {
                    expected.insert(Pair(left: l.id, right: r.id))
                }
            }
            let (pairs, ul, ur, _) = Self.run(items, window: window, cardinality: .manyToMany)
            #expect(pairs.count == expected.count && Set(pairs) == expected)
            let paired = Set(expected.flatMap { [$0.left, $0.right] })
            #expect(Set(ul) == Set(items.filter { $0.isLeft && !paired.contains($0.id) }.map(\.id)))
            #expect(Set(ur) == Set(items.filter { !$0.isLeft && !paired.contains($0.id) }.map(\.id)))
        }
    }

    @Test func aLateItemStillMatchesAWaitingPartnerElseComesOutUnmatched() {
        let buffer = StreamJoinBuffer<String, String, String>(window: .rightFollows(within: .milliseconds(100)))
        var out: [String] = []
        let emit = { (o: JoinOutput<String, String, String>) in
            switch o {
            case let .matched(k, l, _, r, _): out.append("match \(k) \(l) \(r)")
            case let .unmatchedLeft(k, l, _): out.append("left \(k) \(l)")
            case let .unmatchedRight(k, r, _): out.append("right \(k) \(r)")
            }
        }
        buffer.offerLeft("prediction", key: "a", time: 1_000, emit: emit)  // waits until 1100
        buffer.advanceWatermark(to: 1_060, emit: emit)
        buffer.offerRight("label", key: "a", time: 1_050, emit: emit)      // behind the watermark
        buffer.offerLeft("orphan", key: "b", time: 900, emit: emit)       // bound 1000 passed, nothing waits
        #expect(out == ["match a prediction label", "left b orphan"])
        #expect(buffer.lateCount == 2)
        #expect(buffer.unmatchedLeftCount == 1)
    }

    @Test func pendingItemsSurviveSaveAndRestore() throws {
        let window = JoinWindow.rightFollows(within: .milliseconds(100))
        let before = StreamJoinBuffer<String, String, Double>(window: window)
        let ignore = { (_: JoinOutput<String, String, Double>) in }
        before.offerLeft("p1", key: "a", time: 10, emit: ignore)
        before.offerLeft("p2", key: "b", time: 20, emit: ignore)
        before.offerRight(1.0, key: "c", time: 30, emit: ignore)
        before.advanceWatermark(to: 25, emit: ignore)
        let bytes = try before.save()

        let after = StreamJoinBuffer<String, String, Double>(window: window)
        try after.restore(from: bytes)
        #expect(after.pendingLeftCount == 2 && after.pendingRightCount == 1 && after.watermark == 25)
        var out: [JoinOutput<String, String, Double>] = []
        after.offerRight(0.5, key: "a", time: 60, emit: { out.append($0) })
        after.advanceWatermark(to: .max, emit: { out.append($0) })
        #expect(out.count == 3)
        if case let .matched(key, left, _, right, _) = out.first {
            #expect(key == "a" && left == "p1" && right == 0.5)
        } else {
            Issue.record("the restored prediction should match its label")
        }
        #expect(after.unmatchedLeftCount == 1 && after.unmatchedRightCount == 1)

        var damaged = bytes
        damaged[damaged.count - 12] ^= 0xff
        #expect(throws: GridCodecError.self) { try after.restore(from: damaged) }
        #expect(throws: GridCodecError.self) { try after.restore(from: Array(bytes.dropLast(3))) }
        var future = bytes
        future[4] = 2
        #expect(throws: GridCodecError.unsupportedVersion(found: 2, supported: 1...1)) { try after.restore(from: future) }
        let other = StreamJoinBuffer<String, String, Double>(window: .within(.seconds(1)))
        #expect(throws: GridCodecError.self) { try other.restore(from: bytes) }
    }
}
