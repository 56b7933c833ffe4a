import Slipstream
import SlipstreamEngine
import Testing

@Suite struct EventTimeTests {
    /// Times in order except for a few that fall more than the allowed lateness behind the highest time seen.
    static let times: [Int64] = [1000, 1100, 1200, 500, 1300, 1250, 2000, 900, 2100]
    static let late: [Int64] = [500, 900]

    @Test func lateEventsAreDroppedAndCounted() throws {
        let collector = Collector<KeyedEvent>()
        let pipeline = Pipeline("late-drop") { p in
            p.read(.sequence(Self.times.map { KeyedEvent(key: 0, sequence: 0, time: $0) }))
                .timestamps(\.time, allowedLateness: .milliseconds(100))
                .write(.collect(into: collector))
        }
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2))
        try job.waitForCompletion()
        #expect(collector.items.map(\.time) == Self.times.filter { !Self.late.contains($0) })
        #expect(job.metrics[vertex: "sequence"]?.counters[Counter.Name.lateEvents] == Self.late.count)
        #expect(collector.latestWatermark == Watermark(2100 - 100))
    }

    @Test func lateEventsCanBeTakenAsAStream() throws {
        let onTime = Collector<Int64>()
        let late = Collector<Int64>()
        let pipeline = Pipeline("late-side-output") { p in
            let events = p.read(.sequence(Self.times.map { KeyedEvent(key: 0, sequence: 0, time: $0) }))
                .timestamps(\.time, allowedLateness: .milliseconds(100))
            events.map(\.time).write(.collect(into: onTime))
            events.map { $0.time }.write(.collect(into: Collector<Int64>()))
            events.lateEvents.map(\.time).write(.collect(into: late))
        }
        let plan = try pipeline.physicalPlan()
        #expect(plan.vertices.contains { $0.name == "sequence-on-time" })
        try pipeline.run(PipelineConfiguration(cooperativeThreads: 2))
        #expect(onTime.items == Self.times.filter { !Self.late.contains($0) })
        #expect(late.items == Self.late)
    }

    @Test func timestampsStageAfterATransform() throws {
        let onTime = Collector<Int64>()
        let late = Collector<Int64>()
        let pipeline = Pipeline("late-stage") { p in
            let timed = p.read(.sequence(Self.times)).map { $0 }.timestamps({ $0 }, allowedLateness: .milliseconds(100))
            timed.write(.collect(into: onTime))
            timed.lateEvents.write(.collect(into: late))
        }
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2))
        try job.waitForCompletion()
        #expect(onTime.items == Self.times.filter { !Self.late.contains($0) })
        #expect(late.items == Self.late)
        #expect(job.metrics[vertex: "timestamps"]?.counters[Counter.Name.lateEvents] == Self.late.count)
    }

    /// `late: .keep` on a source: late events stay in the stream, in arrival order, counted; one vertex, no merge.
    @Test func lateEventsCanBeKeptInTheStream() throws {
        let collector = Collector<Int64>()
        let pipeline = Pipeline("late-keep") { p in
            p.read(.sequence(Self.times.map { KeyedEvent(key: 0, sequence: 0, time: $0) }))
                .timestamps(\.time, allowedLateness: .milliseconds(100), late: .keep)
                .map(\.time)
                .write(.collect(into: collector))
        }
        let plan = try pipeline.physicalPlan()
        #expect(!plan.vertices.contains { $0.name.contains("merge") })
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2))
        try job.waitForCompletion()
        #expect(collector.items == Self.times)
        #expect(job.metrics[vertex: "sequence"]?.counters[Counter.Name.lateEvents] == Self.late.count)
        #expect(collector.latestWatermark == Watermark(2100 - 100))
    }

    /// The same on a timestamps stage of its own, after a transform.
    @Test func aTimestampsStageKeepsLateEventsInTheStream() throws {
        let collector = Collector<Int64>()
        let pipeline = Pipeline("late-keep-stage") { p in
            p.read(.sequence(Self.times)).map { $0 }.timestamps({ $0 }, allowedLateness: .milliseconds(100), late: .keep)
                .write(.collect(into: collector))
        }
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2))
        try job.waitForCompletion()
        #expect(collector.items == Self.times)
        #expect(job.metrics[vertex: "timestamps"]?.counters[Counter.Name.lateEvents] == Self.late.count)
    }

    /// Late events cannot both stay in the stream and be taken as a stream of their own.
    @Test func lateEventsOfAStageThatKeepsThemIsAPlanningError() throws {
        let pipeline = Pipeline("late-keep-and-divert") { p in
            let events = p.read(.sequence(Self.times)).timestamps({ $0 }, late: .keep)
            events.write(.collect(into: Collector<Int64>()))
            events.lateEvents.write(.collect(into: Collector<Int64>()))
        }
        #expect(throws: PipelineError.self) { try pipeline.physicalPlan() }
    }
}
