import Atomics
import Foundation
import SlipstreamEngine
import Testing

@Suite struct SnapshotTests {
    /// Keeps what processors save, per snapshot and vertex, and counts commits.
    final class RecordingSnapshotSink: SnapshotSink, @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        private var saved: [Int64: [String: [SnapshotEntry]]] = [:]
        private var committed: [Int64] = []
        let failCommit: Bool

        init(failCommit: Bool = false) {
            self.failCommit = failCommit
        }

        func write(snapshotID: Int64, vertex: String, instance: Int, entries: [SnapshotEntry]) {
            lock.lock()
            saved[snapshotID, default: [:]][vertex, default: []] += entries
            lock.unlock()
        }

        func commit(snapshotID: Int64) async throws {
            struct DiskFull: Error {}
            if failCommit { throw DiskFull() }
            record(commit: snapshotID)
        }

        private func record(commit snapshotID: Int64) {
            lock.lock()
            committed.append(snapshotID)
            lock.unlock()
        }

        func state(of snapshotID: Int64) -> [String: [SnapshotEntry]] {
            lock.lock()
            defer { lock.unlock() }
            return saved[snapshotID] ?? [:]
        }

        var commits: [Int64] {
            lock.lock()
            defer { lock.unlock() }
            return committed
        }
    }

    /// Emits a range of integers, saving its position; stays open at the end unless `bounded`.
    struct RangeSourceProcessor: Processor {
        typealias Input = Never
        let range: Range<Int>
        let bounded: Bool
        let commitsFinished: ManagedAtomic<Int>
        var next: Int

        init(range: Range<Int>, bounded: Bool, commitsFinished: ManagedAtomic<Int>) {
            self.range = range
            self.bounded = bounded
            self.commitsFinished = commitsFinished
            self.next = range.lowerBound
        }

        mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Int>) {}

        mutating func complete(outbox: Outbox<Int>) -> Bool {
            while next < range.upperBound, outbox.offer(next) { next += 1 }
            return bounded && next == range.upperBound
        }

        mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Int>) -> Bool {
            snapshot.offer(SnapshotEntry(key: "position-\(range.lowerBound)", value: Array(String(next).utf8)))
        }

        mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) throws {
            let key = Array("position-\(range.lowerBound)".utf8)
            // Entries without a partition reach every instance: keep this range's position only.
            inbox.drainAll { entry in
                if entry.key == key { next = Int(String(decoding: entry.value, as: UTF8.self))! }
            }
        }

        mutating func snapshotCommitFinish(success: Bool) -> Bool {
            commitsFinished.wrappingIncrement(by: success ? 1 : 1_000, ordering: .relaxed)
            return true
        }
    }

    struct KeySum: Sendable, Hashable {
        var key: Int
        var sum: Int
    }

    /// Sums integers per key (`value % 7`); waits for its gate; emits the sums when complete.
    struct KeyedSumProcessor: Processor {
        let gate: ManagedAtomic<Bool>
        let commitsFinished: ManagedAtomic<Int>
        var sums: [Int: Int] = [:]
        var partitioner = Partitioner()
        var pending: [KeySum]?

        static func key(of value: Int) -> Int { value % 7 }

        mutating func initialize(context: ProcessorContext) {
            partitioner = context.partitioner
        }

        mutating func process(ordinal: Int, inbox: inout Inbox<Int>, outbox: Outbox<KeySum>) {
            guard gate.load(ordering: .relaxed) else { return }
            inbox.drainAll { sums[Self.key(of: $0), default: 0] += $0 }
        }

        mutating func complete(outbox: Outbox<KeySum>) -> Bool {
            if pending == nil { pending = sums.map { KeySum(key: $0.key, sum: $0.value) } }
            while let next = pending?.last {
                guard outbox.offer(next) else { return false }
                pending!.removeLast()
            }
            return true
        }

        mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<KeySum>) -> Bool {
            for (key, sum) in sums {
                _ = snapshot.offer(
                    SnapshotEntry(
                        key: Array(String(key).utf8), value: Array(String(sum).utf8),
                        partition: partitioner.partition(of: key)))
            }
            return true
        }

        mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) {
            inbox.drainAll { entry in
                sums[Int(String(decoding: entry.key, as: UTF8.self))!] = Int(String(decoding: entry.value, as: UTF8.self))!
            }
        }

        mutating func snapshotCommitFinish(success: Bool) -> Bool {
            commitsFinished.wrappingIncrement(by: success ? 1 : 1_000, ordering: .relaxed)
            return true
        }
    }

    static let ranges = [0..<30_000, 100_000..<125_000]

    static func dag(bounded: Bool, gate: ManagedAtomic<Bool>, commits: ManagedAtomic<Int>, results: Collector<KeySum>) -> DAG {
        var dag = DAG()
        let source = dag.addVertex("source", localParallelism: 2) { context in
            RangeSourceProcessor(range: ranges[context.instance], bounded: bounded, commitsFinished: commits)
        }
        let sum = dag.addVertex("sum", localParallelism: 2) { _ in
            KeyedSumProcessor(gate: gate, commitsFinished: commits)
        }
        let sink = dag.addVertex("sink", localParallelism: 1, processor: collectingSink(results))
        dag.addEdge(from: source, to: sum, routing: .partitioned(by: { KeyedSumProcessor.key(of: $0) }))
        dag.addEdge(from: sum, to: sink)
        return dag
    }

    @Test func restoringAnAlignedSnapshotGivesTheStateOfAnUninterruptedRun() async throws {
        let sink = RecordingSnapshotSink()
        let gate = ManagedAtomic(false)
        let commits = ManagedAtomic(0)
        let config = JobConfig(
            name: "sums", queueCapacity: 64, processingGuarantee: .exactlyOnce, snapshotSink: sink)
        let first = try Job.start(
            Self.dag(bounded: false, gate: gate, commits: commits, results: Collector()), config: config,
            cooperativeThreadCount: 2)

        // The summers take nothing yet: the sources save positions mid-range, the barrier waits in the queues
        // behind items already emitted (were the queues still empty, the barriers would pass the closed gate and
        // the snapshot could complete at once).
        #expect(await eventually { (first.metrics[vertex: "sum"]?.queuedItems ?? 0) > 0 })
        async let snapshot = first.takeSnapshot()
        #expect(await eventually { sink.state(of: 1)["source"]?.count == 2 })
        await #expect(throws: EngineError.self) { try await first.takeSnapshot() }  // one at a time
        gate.store(true, ordering: .relaxed)
        let id = try await snapshot
        #expect(id == 1)
        #expect(sink.commits == [1])
        // Both phases ran on every processor that saved: 2 sources and 2 summers (the sink saves nothing but
        // also commits).
        #expect(await eventually { commits.load(ordering: .relaxed) == 4 })
        let saved = sink.state(of: 1)
        let positions = (saved["source"] ?? []).map { Int(String(decoding: $0.value, as: UTF8.self))! }
        #expect(positions.count == 2)
        #expect(positions.allSatisfy { position in Self.ranges.contains { $0.contains(position) } })
        first.cancel()
        await #expect(throws: EngineError.self) { try await first.join() }

        // A new job restores the snapshot and finishes the ranges.
        let results = Collector<KeySum>()
        var restore = config
        restore.restoredState = saved
        let second = try Job.start(
            Self.dag(bounded: true, gate: ManagedAtomic(true), commits: commits, results: results), config: restore,
            cooperativeThreadCount: 2)
        try await second.join()

        var expected: [Int: Int] = [:]
        for value in Self.ranges.joined() { expected[KeyedSumProcessor.key(of: value), default: 0] += value }
        let actual = Dictionary(uniqueKeysWithValues: results.items.map { ($0.key, $0.sum) })
        #expect(actual == expected, "every value counted exactly once across the restore")
    }

    @Test func stopTakesATerminalSnapshotThatAResumedJobContinuesExactly() async throws {
        let sink = RecordingSnapshotSink()
        let commits = ManagedAtomic(0)
        let firstResults = Collector<KeySum>()
        let config = JobConfig(name: "sums", queueCapacity: 32, processingGuarantee: .exactlyOnce, snapshotSink: sink)
        let first = try Job.start(
            Self.dag(bounded: false, gate: ManagedAtomic(true), commits: commits, results: firstResults),
            config: config, cooperativeThreadCount: 2)
        let id = try await first.stop()
        try await first.join()
        #expect(first.status == .stopped)
        #expect(sink.commits == [id])
        // Stopped, not completed: the summers never emitted their final sums.
        #expect(firstResults.items.isEmpty)

        let results = Collector<KeySum>()
        var restore = config
        restore.restoredState = sink.state(of: id)
        try await Job.start(
            Self.dag(bounded: true, gate: ManagedAtomic(true), commits: commits, results: results), config: restore,
            cooperativeThreadCount: 2
        ).join()
        var expected: [Int: Int] = [:]
        for value in Self.ranges.joined() { expected[KeyedSumProcessor.key(of: value), default: 0] += value }
        #expect(Dictionary(uniqueKeysWithValues: results.items.map { ($0.key, $0.sum) }) == expected)
    }

    /// Emits its range once its gate opens, then completes.
    struct GatedRangeSourceProcessor: Processor {
        typealias Input = Never
        let gate: ManagedAtomic<Bool>
        var next: Int
        let end: Int

        mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Int>) {}

        mutating func complete(outbox: Outbox<Int>) -> Bool {
            guard gate.load(ordering: .relaxed) else { return false }
            while next < end, outbox.offer(next) { next += 1 }
            return next == end
        }
    }

    @Test func exactlyOnceSnapshotOfAProcessorWithPrioritizedInputsDoesNotDeadlock() async throws {
        let gate = ManagedAtomic(false)
        let commits = ManagedAtomic(0)
        let recording = Recording<Int>()
        var dag = DAG()
        let table = dag.addVertex("table", localParallelism: 1) { _ in
            GatedRangeSourceProcessor(gate: gate, next: 0, end: 100)
        }
        let stream = dag.addVertex("stream", localParallelism: 1) { _ in
            RangeSourceProcessor(range: 1_000..<2_000, bounded: false, commitsFinished: commits)
        }
        let join = dag.addVertex("join", localParallelism: 1) { _ in RecordingSinkProcessor(recording: recording) }
        dag.addEdge(from: stream, to: join)
        dag.addEdge(from: table, to: join, priority: -1)
        let job = try Job.start(
            dag, config: JobConfig(queueCapacity: 16, processingGuarantee: .exactlyOnce,
                                   snapshotSink: RecordingSnapshotSink()),
            cooperativeThreadCount: 2)

        // The barrier reaches the join on the table input before the table has ended.
        async let snapshot = job.takeSnapshot()
        try await Task.sleep(for: .milliseconds(20))
        gate.store(true, ordering: .relaxed)
        #expect(try await snapshot == 1)
        #expect(await eventually { recording.items(instance: 0).count == 1_100 })
        job.cancel()
        await #expect(throws: EngineError.self) { try await job.join() }
    }

    @Test func aFailedCommitIsReportedAndProcessorsAreToldSo() async throws {
        let sink = RecordingSnapshotSink(failCommit: true)
        let commits = ManagedAtomic(0)
        let config = JobConfig(processingGuarantee: .atLeastOnce, snapshotSink: sink)
        let job = try Job.start(
            Self.dag(bounded: false, gate: ManagedAtomic(true), commits: commits, results: Collector()),
            config: config, cooperativeThreadCount: 2)
        let error = await #expect(throws: EngineError.self) { try await job.takeSnapshot() }
        #expect(error?.code == .snapshotFailed)
        #expect(await eventually { commits.load(ordering: .relaxed) == 4 * 1_000 })
        job.cancel()
        await #expect(throws: EngineError.self) { try await job.join() }
    }
}
