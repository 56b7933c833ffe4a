import Atomics
import Foundation
import SlipstreamEngine
import Testing

/// The coordinator runs on the Swift concurrency pool; tests elsewhere in the process that block its threads can
/// hold it up for a while, hence the generous timeouts (and polls that do not charge a starved pool's delays).
@Suite struct SnapshotCoordinatorTests {
    static let patience = Duration.seconds(120)

    typealias RecordingSnapshotSink = SnapshotTests.RecordingSnapshotSink

    /// An endless source into a sink that takes nothing until `gate` opens.
    private func startJob(
        sink: RecordingSnapshotSink, gate: ManagedAtomic<Bool>, guarantee: ProcessingGuarantee = .atLeastOnce
    ) throws -> Job {
        var dag = DAG()
        // A source that saves its position, so a test can see when a snapshot has reached it.
        let source = dag.addVertex("source", localParallelism: 1) { _ in
            SnapshotTests.RangeSourceProcessor(range: 0..<Int.max, bounded: false, commitsFinished: ManagedAtomic(0))
        }
        let received = ManagedAtomic(0)
        let consumer = dag.addVertex("sink", localParallelism: 1) { _ in
            GatedSinkProcessor<Int>(gate: gate, received: received)
        }
        dag.addEdge(from: source, to: consumer)
        let config = JobConfig(
            name: "coordinated", queueCapacity: 64, processingGuarantee: guarantee, snapshotSink: sink)
        return try Job.start(dag, config: config, cooperativeThreadCount: 2)
    }

    @Test func takesPeriodicSnapshotsUntilTheTerminalOneStopsTheJob() async throws {
        let sink = RecordingSnapshotSink()
        let job = try startJob(sink: sink, gate: ManagedAtomic(true))
        let coordinator = SnapshotCoordinator(job: job, interval: .milliseconds(10))
        await coordinator.start()
        #expect(await eventually(timeout: Self.patience) { sink.commits.count >= 3 })

        let terminal = await coordinator.stopJob()
        #expect(terminal.trigger == .terminal)
        #expect(terminal.succeeded, "\(terminal)")
        #expect(job.status == .stopped)
        let reports = await coordinator.reports
        #expect(reports.last?.trigger == .terminal)
        #expect(reports.dropLast().allSatisfy { $0.trigger == .periodic && $0.succeeded })
        // Every report is a committed snapshot, in order, the terminal one last.
        #expect(reports.compactMap(\.snapshotID) == sink.commits)
        #expect(reports.allSatisfy { $0.pause <= $0.duration })
    }

    @Test func serializesOnDemandSnapshotsThatArriveTogether() async throws {
        let sink = RecordingSnapshotSink()
        let job = try startJob(sink: sink, gate: ManagedAtomic(true))
        let coordinator = SnapshotCoordinator(job: job, interval: nil)
        // The engine refuses a snapshot while one is in flight; the coordinator queues the second instead.
        async let first = coordinator.snapshotNow()
        async let second = coordinator.snapshotNow()
        let reports = await [first, second]
        #expect(reports.allSatisfy { $0.succeeded && $0.trigger == .onDemand }, "\(reports)")
        #expect(Set(reports.compactMap(\.snapshotID)) == [1, 2])
        #expect(sink.commits == [1, 2])
        job.cancel()
        await #expect(throws: EngineError.self) { try await job.join() }
    }

    @Test func aFailingCommitIsReportedAndTheNextIntervalTriesAgain() async throws {
        let sink = RecordingSnapshotSink(failCommit: true)
        let job = try startJob(sink: sink, gate: ManagedAtomic(true))
        let coordinator = SnapshotCoordinator(job: job, interval: .milliseconds(10))
        await coordinator.start()
        #expect(await eventuallyAsync(timeout: Self.patience) { await coordinator.reports.count >= 3 })
        let reports = await coordinator.reports
        #expect(reports.allSatisfy { !$0.succeeded && $0.failure is EngineError }, "\(reports)")
        #expect(sink.commits.isEmpty)
        #expect(!job.status.isTerminal, "the job keeps running")

        // A failed terminal snapshot leaves the job running, for the caller to cancel.
        let terminal = await coordinator.stopJob()
        #expect(!terminal.succeeded)
        #expect(!job.status.isTerminal)
        job.cancel()
        await #expect(throws: EngineError.self) { try await job.join() }
    }

    @Test func measuresThePauseWhileTheBarrierWaitsBehindUnprocessedItems() async throws {
        let sink = RecordingSnapshotSink()
        let gate = ManagedAtomic(false)
        let job = try startJob(sink: sink, gate: gate, guarantee: .exactlyOnce)
        let coordinator = SnapshotCoordinator(job: job, interval: nil)
        // Items wait in the sink's queue before the barrier is sent, so the barrier lands behind them.
        #expect(await eventually(timeout: Self.patience) { (job.metrics[vertex: "sink"]?.queuedItems ?? 0) > 0 })
        async let report = coordinator.snapshotNow()
        // Once the source has saved, its barrier sits behind items the sink does not take: the snapshot cannot
        // end before the gate opens, and processing is stalled for as long as it stays shut.
        #expect(await eventually(timeout: Self.patience) { sink.state(of: 1)["source"] != nil })
        try await Task.sleep(for: .milliseconds(50))
        #expect(sink.commits.isEmpty)
        gate.store(true, ordering: .relaxed)
        let taken = await report
        #expect(taken.succeeded, "\(taken)")
        #expect(taken.pause > .zero && taken.pause <= taken.duration, "\(taken)")
        job.cancel()
        await #expect(throws: EngineError.self) { try await job.join() }
    }

    private func eventuallyAsync(timeout: Duration = .seconds(20), _ condition: () async -> Bool) async -> Bool {
        var budget = PollBudget(timeout)
        while budget.remains {
            if await condition() { return true }
            await budget.pause()
        }
        return await condition()
    }
}
