import Slipstream
import SlipstreamEngine
import SlipstreamGrid
import SlipstreamTestKit
import Synchronization
import Testing

@testable import Slipstream

/// A reading of a sensor at an event time.
struct Reading: Sendable, Hashable {
    var sensor: Int
    var value: Int64
    var time: Int64
}

/// A window result reduced to comparable fields.
struct WindowRow<Key: Hashable & Comparable & Sendable, Value: Hashable & Sendable>: Hashable, Comparable, Sendable,
    CustomStringConvertible
{
    var key: Key
    var start: Int64
    var end: Int64
    var value: Value

    static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.start, lhs.end, lhs.key) < (rhs.start, rhs.end, rhs.key)
    }

    var description: String { "\(key)@[\(start),\(end))=\(value)" }
}

/// Readings in roughly ascending time, each at most `disorder` ms behind the highest time before it.
func randomReadings(count: Int, sensors: Int, disorder: Int64, seed: UInt64) -> [Reading] {
    var random = SeededGenerator(seed: seed)
    var high: Int64 = 1_000_000
    return (0..<count).map { _ in
        high += Int64.random(in: 0...40, using: &random)
        return Reading(
            sensor: Int.random(in: 0..<sensors, using: &random), value: Int64.random(in: -50...100, using: &random),
            time: high - Int64.random(in: 0...disorder, using: &random))
    }
}

/// Brute force: every window `[k * slide, k * slide + size)` with at least one reading of the key, aggregated.
func bruteForceWindows<Value: Hashable & Sendable>(
    _ readings: [Reading], size: Int64, slide: Int64, key: (Reading) -> Int, aggregate: ([Reading]) -> Value
) -> [WindowRow<Int, Value>] {
    var starts = Set<Int64>()
    for r in readings {
        var start = (r.time / slide) * slide
        while start > r.time - size {
            starts.insert(start)
            start -= slide
        }
    }
    var rows: [WindowRow<Int, Value>] = []
    for start in starts {
        let inside = Dictionary(grouping: readings.filter { $0.time >= start && $0.time < start + size }, by: key)
        for (k, members) in inside { rows.append(WindowRow(key: k, start: start, end: start + size, value: aggregate(members))) }
    }
    return rows.sorted()
}

@Suite struct WindowStageTests {
    @Test(arguments: [(1_000 as Int64, 1_000 as Int64), (1_000, 250)])
    func keyedWindowsEqualBruteForce(size: Int64, slide: Int64) throws {
        let readings = randomReadings(count: 4_000, sensors: 17, disorder: 300, seed: UInt64(size * 31 + slide))
        let collector = Collector<WindowRow<Int, [Int64]>>()
        let early = Collector<Int>()
        let pipeline = Pipeline("windows") { p in
            p.read(.sequence(readings))
                .timestamps(\.time, allowedLateness: .milliseconds(300))
                .grouped(by: \.sensor)
                .window(
                    .sliding(milliseconds: size, every: slide), time: \.time,
                    aggregate: AllOfAggregate(CountAggregate<Reading>(), SumAggregate<Int64>().mapInput(\.value)))
                .map { result in
                    if result.isEarly { early.append(contentsOf: [result.key]) }
                    return WindowRow(key: result.key, start: result.start, end: result.end, value: [result.value.0, result.value.1])
                }
                .write(.collect(into: collector))
        }
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2, job: JobConfig(defaultParallelism: 3)))
        try job.waitForCompletion()
        let rows = collector.items.sorted()
        #expect(early.count == 0)
        let expected = bruteForceWindows(readings, size: size, slide: slide, key: \.sensor) { members in
            [Int64(members.count), members.reduce(0) { $0 + $1.value }]
        }
        #expect(rows == expected)
        #expect(job.metrics[vertex: "window"]?.counters[Counter.Name.lateEvents] ?? 0 == 0)
    }

    @Test func globalWindowsEqualBruteForce() throws {
        let readings = randomReadings(count: 3_000, sensors: 5, disorder: 100, seed: 7)
        let collector = Collector<WindowResult<GlobalWindowKey, Int64?>>()
        let pipeline = Pipeline("global-windows") { p in
            p.read(.sequence(readings))
                .timestamps(\.time, allowedLateness: .milliseconds(100))
                .window(.tumbling(.milliseconds(500)), time: \.time, aggregate: MaxAggregate<Int64>().mapInput(\.value))
                .write(.collect(into: collector))
        }
        try pipeline.run(PipelineConfiguration(cooperativeThreads: 2))
        let rows = collector.items.map { WindowRow(key: 0, start: $0.start, end: $0.end, value: $0.value) }.sorted()
        let expected = bruteForceWindows(readings, size: 500, slide: 500, key: { _ in 0 }) { members in
            members.map(\.value).max()
        }
        #expect(rows == expected)
        // Results leave in window order, since one instance closes them watermark by watermark.
        #expect(collector.items.map(\.start) == expected.map(\.start))
    }

    @Test func sessionWindowsThroughThePipeline() throws {
        // Per sensor, readings less than the gap apart form one session [first, last + gap).
        let times: [(Int, Int64)] = [(1, 0), (2, 10), (1, 50), (1, 120), (2, 300), (1, 400), (2, 390), (2, 1_000)]
        let readings = times.map { Reading(sensor: $0.0, value: 1, time: $0.1) }
        let results = Collector<WindowRow<Int, Int64>>()
        let pipeline = Pipeline("sessions") { p in
            p.read(.sequence(readings))
                .timestamps(\.time, allowedLateness: .milliseconds(20))
                .grouped(by: \.sensor)
                .window(.session(gap: .milliseconds(100)), time: \.time, aggregate: CountAggregate())
                .map { WindowRow(key: $0.key, start: $0.start, end: $0.end, value: $0.value) }
                .write(.collect(into: results))
        }
        try pipeline.run(PipelineConfiguration(cooperativeThreads: 2))
        #expect(
            results.items.sorted() == [
                WindowRow(key: 1, start: 0, end: 220, value: 3), WindowRow(key: 2, start: 10, end: 110, value: 1),
                WindowRow(key: 2, start: 300, end: 490, value: 2), WindowRow(key: 1, start: 400, end: 500, value: 1),
                WindowRow(key: 2, start: 1_000, end: 1_100, value: 1),
            ].sorted())
    }

    @Test func windowsCloseOnWatermarksAndCountLateItems() throws {
        let readings = [
            Reading(sensor: 1, value: 1, time: 100), Reading(sensor: 2, value: 1, time: 900),
            Reading(sensor: 1, value: 1, time: 1_100), Reading(sensor: 1, value: 1, time: 300),  // late
            Reading(sensor: 2, value: 1, time: 2_500),
        ]
        typealias Window = WindowProcessor<Reading, Int, CountAggregate<Reading>>
        try verifyProcessor {
            Window(window: .tumbling(milliseconds: 1_000), operation: CountAggregate(), key: \.sensor, time: \.time)
        }
        .input(events: [
            .item(readings[0]), .item(readings[1]), .item(readings[2]), .watermark(1_000), .item(readings[3]),
            .item(readings[4]), .watermark(2_000),
        ])
        .verify { outputs in
            let events = outputs[0].map { event -> String in
                switch event {
                case .item(let r): "\(r.key)@\(r.start)=\(r.value)"
                case .watermark(let time): "wm\(time)"
                }
            }
            // Window [0, 1000) closes before the watermark at 1000 goes on; the late reading at 300 is dropped.
            let first = Set(events.prefix(2))
            try #require(first == ["1@0=1", "2@0=1"])
            try #require(Array(events.dropFirst(2)) == ["wm1000", "1@1000=1", "wm2000", "2@2000=1"])
        }
        let counters = ProcessorCounters()
        _ = try verifyProcessor {
            Window(window: .tumbling(milliseconds: 1_000), operation: CountAggregate(), key: \.sensor, time: \.time)
        }
        .context { ProcessorContext(jobName: "test", vertexName: "window", counters: counters) }
        .input(events: [.item(readings[0]), .watermark(1_000), .item(readings[3]), .item(readings[4])])
        .run()
        #expect(counters.values[Counter.Name.lateEvents] == 1)
    }

    @Test func earlyResultsArePartialAndMarked() throws {
        // A clock that moves 10 ms at every reading, so early results are due at every chance.
        let ticks = Mutex<Int64>(0)
        let clock = EngineClock { ticks.withLock { $0 += 10_000_000; return $0 } }
        let readings = [Reading(sensor: 1, value: 1, time: 10), Reading(sensor: 1, value: 1, time: 20)]
        try verifyProcessor {
            WindowProcessor<Reading, Int, CountAggregate<Reading>>(
                window: .tumbling(milliseconds: 1_000).withEarlyResults(every: .milliseconds(5)),
                operation: CountAggregate(), key: \.sensor, time: \.time)
        }
        .context { ProcessorContext(jobName: "test", vertexName: "window", clock: clock) }
        .input(events: [.item(readings[0]), .item(readings[1]), .watermark(1_000)])
        .verify { outputs in
            let results = outputs[0].compactMap(\.item)
            let early = results.filter(\.isEarly)
            try #require(!early.isEmpty)
            try #require(early.allSatisfy { $0.key == 1 && $0.start == 0 && $0.end == 1_000 && (1...2).contains($0.value) })
            try #require(results.filter { !$0.isEarly }.map(\.value) == [2])
            try #require(results.last?.isEarly == false)
        }
    }
}
