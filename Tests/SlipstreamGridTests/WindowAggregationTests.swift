import PropertyBased
import SlipstreamGrid
import Testing

@Suite("Window aggregation against brute force")
struct WindowAggregationTests {
    struct Event: Sendable { var key: Int; var time: Int64; var value: Int; var jitter: Int64 }
    struct WindowID: Hashable { var key: Int; var start: Int64; var end: Int64 }

    static let events = zip(Gen.int(in: 0...4), Gen.int64(in: -1_000...1_000), Gen.int(in: -50...50), Gen.int64(in: 0...40))
        .map { Event(key: $0, time: $1, value: $2, jitter: $3) }
        .array(of: 1...150)
    static let disorder: Int64 = 40

    /// Windows by definition (times may be negative, before the epoch): every window containing each event, or chains of events less than `gap` apart.
    static func bruteForce(_ events: [Event], _ window: WindowDefinition) -> [WindowID: [Int]] {
        var groups: [WindowID: [Int]] = [:]
        switch window.kind {
        case let .sliding(size, slide):
            for e in events {
                var start = Int64((Double(e.time) / Double(slide)).rounded(.down)) * slide
                while start > e.time - size {
                    groups[WindowID(key: e.key, start: start, end: start + size), default: []].append(e.value)
                    start -= slide
                }
            }
        case let .session(gap):
            for key in Set(events.map(\.key)) {
                let sorted = events.filter { $0.key == key }.sorted { $0.time < $1.time }
                var start = sorted[0].time, end = sorted[0].time + gap
                var values: [Int] = []
                for e in sorted {
                    if e.time >= end {
                        groups[WindowID(key: key, start: start, end: end)] = values
                        start = e.time
                        values = []
                    }
                    end = max(end, e.time + gap)
                    values.append(e.value)
                }
                groups[WindowID(key: key, start: start, end: end)] = values
            }
        }
        return groups
    }

    /// Feeds events out of order (at most `disorder` behind the newest), with the watermark trailing by the
    /// disorder so no event is late, then flushes.
    static func run<Op: AggregateOperation>(_ events: [Event], _ window: WindowDefinition, _ op: Op,
                                            input: (Event) -> Op.Input) -> [WindowID: Op.Output] {
        let aggregator = KeyedWindowAggregator<Int, Op>(window: window, operation: op)
        var results: [WindowID: Op.Output] = [:]
        let emit = { (r: WindowResult<Int, Op.Output>) in
            #expect(!r.isEarly)
            #expect(results.updateValue(r.value, forKey: WindowID(key: r.key, start: r.start, end: r.end)) == nil,
                    "each window is emitted once")
        }
        var newest = Int64.min
        for (i, e) in events.sorted(by: { $0.time + $0.jitter < $1.time + $1.jitter }).enumerated() {
            #expect(aggregator.accumulate(input(e), key: e.key, time: e.time))
            newest = max(newest, e.time)
            if i % 7 == 6 { aggregator.advanceWatermark(to: newest - disorder, emit: emit) }
        }
        aggregator.advanceWatermark(to: .max, emit: emit)
        #expect(aggregator.accumulatorCount == 0)
        #expect(aggregator.lateItemCount == 0)
        return results
    }

    static let windows = Gen.int(in: 0...2).map { kind -> Int in kind }

    static func definition(_ kind: Int, _ a: Int64, _ b: Int64) -> WindowDefinition {
        switch kind {
        case 0: .tumbling(milliseconds: a)
        case 1: .sliding(milliseconds: b * (1 + a % 5), every: b)
        default: .session(milliseconds: a)
        }
    }

    @Test func exactAggregatesMatch() async {
        await propertyCheck(count: 60, input: Self.events, Gen.int(in: 0...2), Gen.int64(in: 1...300),
                            Gen.int64(in: 1...80)) { events, kind, a, b in
            let window = Self.definition(kind, a, b)
            let expected = Self.bruteForce(events, window)
            let counts = Self.run(events, window, CountAggregate<Int>()) { $0.value }
            let sums = Self.run(events, window, SumAggregate<Int>()) { $0.value }
            let mins = Self.run(events, window, MinAggregate<Int>()) { $0.value }
            let maxes = Self.run(events, window, MaxAggregate<Int>()) { $0.value }
            #expect(Set(counts.keys) == Set(expected.keys), "\(window)")
            for (id, values) in expected {
                #expect(counts[id] == Int64(values.count), "\(window) \(id)")
                #expect(sums[id] == values.reduce(0, +), "\(window) \(id)")
                #expect(mins[id] == values.min(), "\(window) \(id)")
                #expect(maxes[id] == values.max(), "\(window) \(id)")
            }
        }
    }

    @Test func statisticalAggregatesMatch() async {
        await propertyCheck(count: 40, input: Self.events, Gen.int(in: 0...2), Gen.int64(in: 1...300),
                            Gen.int64(in: 1...80)) { events, kind, a, b in
            let window = Self.definition(kind, a, b)
            let expected = Self.bruteForce(events, window)
            let means = Self.run(events, window, MeanAggregate()) { Double($0.value) }
            let variances = Self.run(events, window, VarianceAggregate(.sample)) { Double($0.value) }
            let distinct = Self.run(events, window, DistinctCountAggregate<Int>()) { $0.value }
            let top = Self.run(events, window, TopKAggregate<Int>(3, capacity: 101)) { $0.value }
            #expect(Set(means.keys) == Set(expected.keys), "\(window)")
            for (id, values) in expected {
                guard let m = means[id] ?? nil, let v = variances[id], let d = distinct[id], let reported = top[id] else {
                    Issue.record("window \(id) of \(window) is missing")
                    continue
                }
                let n = Double(values.count)
                let mean = Double(values.reduce(0, +)) / n
                let variance = values.count < 2 ? 0 : values.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / (n - 1)
                #expect(abs(m - mean) < 1e-9, "\(window) \(id)")
                #expect(abs(v - variance) <= 1e-9 * max(1, variance), "\(window) \(id)")
                let trueDistinct = Set(values).count
                #expect(abs(Int(d) - trueDistinct) <= max(1, trueDistinct / 20), "\(window) \(id)")
                var frequency: [Int: Int64] = [:]
                for v in values { frequency[v, default: 0] += 1 }
                #expect(reported.map(\.count) == Array(frequency.values.sorted(by: >).prefix(3)), "\(window) \(id)")
                #expect(reported.allSatisfy { frequency[$0.item] == $0.count && $0.maxOvercount == 0 })
            }
        }
    }

    @Test func combinedAndMappedAggregationsComputeTogether() throws {
        struct Payment { var card: String; var amount: Double; var time: Int64 }
        let operation = AllOfAggregate(CountAggregate<Payment>(), MeanAggregate().mapInput { (p: Payment) in p.amount })
        let aggregator = KeyedWindowAggregator<String, AllOfAggregate<CountAggregate<Payment>, MappedAggregate<MeanAggregate, Payment>>>(
            window: .tumbling(milliseconds: 1_000), operation: operation)
        for (i, amount) in [10.0, 20, 60].enumerated() {
            aggregator.accumulate(Payment(card: "c", amount: amount, time: Int64(i)), key: "c", time: Int64(i))
        }
        let saved = try aggregator.save()
        let restored = KeyedWindowAggregator<String, AllOfAggregate<CountAggregate<Payment>, MappedAggregate<MeanAggregate, Payment>>>(
            window: .tumbling(milliseconds: 1_000), operation: operation)
        try restored.restore(from: saved)
        var results: [WindowResult<String, (Int64, Double?)>] = []
        restored.advanceWatermark(to: .max) { results.append($0) }
        #expect(results.count == 1)
        #expect(results.first?.value.0 == 3 && results.first?.value.1 == 30)
    }

    @Test func lateItemsAreDroppedAndCounted() {
        let aggregator = KeyedWindowAggregator<String, CountAggregate<Int>>(
            window: .tumbling(milliseconds: 100), operation: CountAggregate())
        var results: [WindowResult<String, Int64>] = []
        aggregator.accumulate(1, key: "a", time: 10)
        aggregator.accumulate(1, key: "a", time: 150)
        aggregator.advanceWatermark(to: 120) { results.append($0) }
        #expect(results.map(\.value) == [1])
        #expect(!aggregator.accumulate(1, key: "a", time: 50))
        #expect(aggregator.accumulate(1, key: "a", time: 110))
        #expect(aggregator.lateItemCount == 1)
        aggregator.advanceWatermark(to: 200) { results.append($0) }
        #expect(results.map(\.value) == [1, 2])
    }

    @Test func earlyResultsReportOpenWindowsWithoutClosingThem() {
        let aggregator = KeyedWindowAggregator<String, SumAggregate<Int>>(
            window: .sliding(milliseconds: 20, every: 10).withEarlyResults(every: .seconds(1)), operation: SumAggregate())
        aggregator.accumulate(5, key: "a", time: 3)
        aggregator.accumulate(7, key: "a", time: 12)
        var early: [WindowResult<String, Int>] = []
        aggregator.emitEarlyResults { early.append($0) }
        #expect(early.allSatisfy { $0.isEarly })
        #expect(Set(early.map { [$0.start, $0.end, Int64($0.value)] }) == [[-10, 10, 5], [0, 20, 12], [10, 30, 7]])
        var final: [WindowResult<String, Int>] = []
        aggregator.advanceWatermark(to: .max) { final.append($0) }
        #expect(final.map(\.value) == [5, 12, 7])
    }

    @Test func sessionsMergeWhenAnItemBridgesThem() {
        let aggregator = KeyedWindowAggregator<Int, CountAggregate<Int>>(
            window: .session(milliseconds: 10), operation: CountAggregate())
        aggregator.accumulate(0, key: 1, time: 0)
        aggregator.accumulate(0, key: 1, time: 30)
        #expect(aggregator.accumulatorCount == 2)
        aggregator.accumulate(0, key: 1, time: 8)    // extends [0, 10) to [0, 18)
        aggregator.accumulate(0, key: 1, time: 17)   // [17, 27) overlaps [0, 18): now [0, 27)
        #expect(aggregator.accumulatorCount == 2)
        aggregator.accumulate(0, key: 1, time: 25)   // [25, 35) overlaps [0, 27) and [30, 40): one session
        var results: [WindowResult<Int, Int64>] = []
        aggregator.advanceWatermark(to: .max) { results.append($0) }
        #expect(results.map { [$0.start, $0.end, $0.value] } == [[0, 40, 5]])
    }

    @Test func windowStateSurvivesSaveAndRestore() throws {
        let window = WindowDefinition.sliding(milliseconds: 30, every: 10)
        let before = KeyedWindowAggregator<Int, VarianceAggregate>(window: window, operation: VarianceAggregate())
        let uninterrupted = KeyedWindowAggregator<Int, VarianceAggregate>(window: window, operation: VarianceAggregate())
        for t in 0..<50 {
            before.accumulate(Double(t * t % 17), key: t % 3, time: Int64(t * 2))
            uninterrupted.accumulate(Double(t * t % 17), key: t % 3, time: Int64(t * 2))
        }
        var expected: [WindowResult<Int, Double>] = []
        uninterrupted.advanceWatermark(to: 40) { expected.append($0) }
        var got: [WindowResult<Int, Double>] = []
        before.advanceWatermark(to: 40) { got.append($0) }
        let evens = try before.save { $0 % 2 == 0 }
        let odds = try before.save { $0 % 2 == 1 }
        let after = KeyedWindowAggregator<Int, VarianceAggregate>(window: window, operation: VarianceAggregate())
        try after.restore(from: evens)
        try after.restore(from: odds)
        uninterrupted.advanceWatermark(to: .max) { expected.append($0) }
        after.advanceWatermark(to: .max) { got.append($0) }
        let key = { (r: WindowResult<Int, Double>) in [Int64(r.key), r.start, r.end] }
        #expect(got.map(key).sorted { $0.lexicographicallyPrecedes($1) } == expected.map(key).sorted { $0.lexicographicallyPrecedes($1) })
        #expect(Dictionary(uniqueKeysWithValues: got.map { (key($0), $0.value) }) ==
                Dictionary(uniqueKeysWithValues: expected.map { (key($0), $0.value) }))

        var damaged = evens
        damaged[damaged.count / 2] ^= 1
        #expect(throws: GridCodecError.self) { try after.restore(from: damaged) }
        #expect(throws: GridCodecError.self) { try after.restore(from: Array(evens.prefix(20))) }
        let sessions = KeyedWindowAggregator<Int, VarianceAggregate>(window: .session(milliseconds: 5), operation: VarianceAggregate())
        #expect(throws: GridCodecError.self) { try sessions.restore(from: evens) }
    }
}
