import Atomics
import SlipstreamEngine
import Testing

@Suite struct EventTimeJobTests {
    /// Emits its readings with event time, then stays open (an unbounded source with nothing more to say),
    /// reporting idleness through its tracker.
    struct OpenSourceProcessor: Processor {
        typealias Input = Never
        let readings: [Int64]
        let policy: EventTimePolicy<Int64>
        var next = 0
        var tracker: EventTimeTracker?
        var clock = EngineClock.monotonic
        var pendingWatermark: Watermark?

        mutating func initialize(context: ProcessorContext) {
            clock = context.clock
            tracker = policy.makeTracker(now: clock.nanoseconds())
        }

        mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Int64>) {}

        mutating func complete(outbox: Outbox<Int64>) -> Bool {
            if let watermark = pendingWatermark {
                guard outbox.offer(watermark) else { return false }
                pendingWatermark = nil
            }
            let now = clock.nanoseconds()
            while next < readings.count {
                if tracker!.observe(timestamp: readings[next], partition: 0, now: now) {
                    guard outbox.offer(readings[next]) else { break }
                }
                next += 1
            }
            pendingWatermark = tracker!.watermark(now: now)
            return false
        }
    }

    @Test func coalescedWatermarksNeverPassAnItemAndFollowTheSlowestInput() async throws {
        let recording = Recording<Int64>()
        let policy = EventTimePolicy<Int64>(timestamp: { $0 }, allowedLateness: .milliseconds(3), idleTimeout: nil)
        var dag = DAG()
        // Two source instances advance event time at different speeds.
        let source = dag.addVertex("source", localParallelism: 2) { context in
            SequenceSourceProcessor(
                stride(from: Int64(0), to: Int64(3_000 * (context.instance + 1)), by: context.instance + 1),
                eventTime: policy)
        }
        let relay = dag.addVertex("relay", localParallelism: 3) { _ in MapProcessor { (time: Int64) in time } }
        let sink = dag.addVertex("sink", localParallelism: 2) { _ in RecordingSinkProcessor(recording: recording) }
        dag.addEdge(from: source, to: relay)
        dag.addEdge(from: relay, to: sink, routing: .partitioned(by: { $0 }))

        try await Job.start(dag, config: JobConfig(queueCapacity: 16), cooperativeThreadCount: 2).join()

        var received = 0
        for instance in 0..<2 {
            var current = Int64.min
            var watermarks = 0
            for event in recording.events[instance] ?? [] {
                switch event {
                case .watermark(let time):
                    #expect(time > current, "watermarks must increase")
                    current = time
                    watermarks += 1
                case .item(_, let time):
                    #expect(time >= current, "item \(time) arrived after watermark \(current)")
                    received += 1
                }
            }
            #expect(watermarks > 0)
            // The slower source reaches 2_999 and the faster one 5_998; once the slower ends, only the faster
            // holds the watermark back.
            #expect(current <= 5_998 - 3)
        }
        #expect(received == 3_000 + 3_000)
    }

    @Test func anIdleSourceStopsHoldingTheWatermarkBackAfterItsTimeout() async throws {
        let clock = ManualClock()
        let recording = Recording<Int64>()
        var dag = DAG()
        let busy = dag.addVertex("busy", localParallelism: 1) { _ in
            OpenSourceProcessor(
                readings: Array(0..<100),
                policy: EventTimePolicy(timestamp: { $0 }, allowedLateness: .zero, idleTimeout: nil))
        }
        let silent = dag.addVertex("silent", localParallelism: 1) { _ in
            OpenSourceProcessor(
                readings: [], policy: EventTimePolicy(timestamp: { $0 }, idleTimeout: .seconds(10)))
        }
        let sink = dag.addVertex("sink", localParallelism: 1) { _ in RecordingSinkProcessor(recording: recording) }
        dag.addEdge(from: busy, to: sink)
        dag.addEdge(from: silent, to: sink)
        let job = try Job.start(dag, config: JobConfig(clock: clock.clock), cooperativeThreadCount: 2)

        // All items arrive, but the silent source (not idle yet) holds the watermark back.
        #expect(await eventually { recording.items(instance: 0).count == 100 })
        try await Task.sleep(for: .milliseconds(20))
        #expect(recording.watermarks(instance: 0).isEmpty)

        clock.advance(by: .seconds(11))
        #expect(await eventually { recording.watermarks(instance: 0) == [99] })
        job.cancel()
        await #expect(throws: EngineError.self) { try await job.join() }
    }

    @Test func lateEventsAreCountedInTheVertexMetrics() async throws {
        let collector = Collector<Int64>()
        let times: [Int64] = [100, 101, 50, 102, 90, 103]
        var dag = DAG()
        let source = dag.addVertex("source", localParallelism: 1) { _ in
            SequenceSourceProcessor(
                times, eventTime: EventTimePolicy(timestamp: { $0 }, allowedLateness: .milliseconds(5)))
        }
        let sink = dag.addVertex("sink", localParallelism: 1, processor: collectingSink(collector))
        dag.addEdge(from: source, to: sink)
        let job = try Job.start(dag, cooperativeThreadCount: 1)
        try await job.join()
        #expect(collector.items == [100, 101, 102, 103])
        #expect(job.metrics[vertex: "source"]?.counters[Counter.Name.lateEvents] == 2)
    }
}
