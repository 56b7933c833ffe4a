import Foundation
import SlipstreamEngine
import Testing
@testable import SlipstreamSnapshot

/// The directory store behind a real job: processor threads write through the engine's `SnapshotSink`, the job's
/// `takeSnapshot` commits, a later run restores from `loadLatest()` and ends with the state of an uninterrupted run.
@Suite struct EngineSnapshotStoreTests {
    /// Emits `range`, saving its position; stays open at the end unless `bounded`.
    struct RangeSourceProcessor: Processor {
        typealias Input = Never
        let range: Range<Int>
        let bounded: Bool
        var next: Int

        mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Int>) {}

        mutating func complete(outbox: Outbox<Int>) -> Bool {
            while next < range.upperBound, outbox.offer(next) { next += 1 }
            return bounded && next == range.upperBound
        }

        mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Int>) -> Bool {
            snapshot.offer(SnapshotEntry(key: "position-\(range.lowerBound)", value: Array(String(next).utf8)))
        }

        mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) {
            let key = Array("position-\(range.lowerBound)".utf8)
            inbox.drainAll { entry in
                if entry.key == key { next = Int(String(decoding: entry.value, as: UTF8.self))! }
            }
        }
    }

    /// Counts items per key (`value % 1000`), saving one entry per key with its partition; emits the counts at
    /// the end.
    struct KeyedCountProcessor: Processor {
        var counts: [Int: Int] = [:]
        var partitioner = Partitioner()
        var pending: [[Int]]?

        mutating func initialize(context: ProcessorContext) {
            partitioner = context.partitioner
        }

        mutating func process(ordinal: Int, inbox: inout Inbox<Int>, outbox: Outbox<[Int]>) {
            inbox.drainAll { counts[$0 % 1000, default: 0] += 1 }
        }

        mutating func complete(outbox: Outbox<[Int]>) -> Bool {
            if pending == nil { pending = counts.map { [$0.key, $0.value] } }
            while let next = pending?.last {
                guard outbox.offer(next) else { return false }
                pending!.removeLast()
            }
            return true
        }

        mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<[Int]>) -> Bool {
            for (key, count) in counts {
                _ = snapshot.offer(
                    SnapshotEntry(
                        key: Array(String(key).utf8), value: Array(String(count).utf8),
                        partition: partitioner.partition(of: key)))
            }
            return true
        }

        mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) {
            inbox.drainAll { entry in
                counts[Int(String(decoding: entry.key, as: UTF8.self))!] = Int(String(decoding: entry.value, as: UTF8.self))!
            }
        }
    }

    final class Results: @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        private var counts: [Int: Int] = [:]

        func add(_ pair: [Int]) { lock.withLock { counts[pair[0], default: 0] += pair[1] } }
        var all: [Int: Int] { lock.withLock { counts } }
    }

    static let ranges = [0..<20_000, 50_000..<65_000]

    static func dag(bounded: Bool, results: Results) -> DAG {
        var dag = DAG()
        let source = dag.addVertex("source", localParallelism: 2) { context in
            RangeSourceProcessor(range: ranges[context.instance], bounded: bounded, next: ranges[context.instance].lowerBound)
        }
        let count = dag.addVertex("count", localParallelism: 2) { _ in KeyedCountProcessor() }
        let sink = dag.addVertex("sink", localParallelism: 1) { _ in ForEachSinkProcessor<[Int]> { results.add($0) } }
        dag.addEdge(from: source, to: count, routing: .partitioned(by: { $0 % 1000 }))
        dag.addEdge(from: count, to: sink)
        return dag
    }

    @Test func jobSnapshotsIntoTheStoreAndALaterRunRestoresFromIt() async throws {
        let scratch = try ScratchDirectory()
        let root = scratch.file("snapshots")
        let store = try DirectorySnapshotStore(directory: root)
        let config = JobConfig(name: "counts", queueCapacity: 64, processingGuarantee: .exactlyOnce, snapshotSink: store)
        let first = try Job.start(Self.dag(bounded: false, results: Results()), config: config, cooperativeThreadCount: 2)
        try await first.takeSnapshot()
        try await first.takeSnapshot()
        first.cancel()
        await #expect(throws: EngineError.self) { try await first.join() }
        await store.close()

        // A new process: open the directory, restore the newest snapshot, finish the ranges.
        let reopened = try DirectorySnapshotStore(directory: root)
        let latest = try #require(try reopened.loadLatest())
        #expect(latest.manifest.id == 2)
        #expect(latest.instances(of: "source") == [0, 1])
        #expect(latest.entries(vertex: "count").allSatisfy { $0.partition != nil })
        var restore = config
        restore.snapshotSink = reopened
        restore.restoredState = latest.restoredState
        let results = Results()
        let second = try Job.start(Self.dag(bounded: true, results: results), config: restore, cooperativeThreadCount: 2)
        try await second.join()
        await reopened.close()

        var expected: [Int: Int] = [:]
        for value in Self.ranges.joined() { expected[value % 1000, default: 0] += 1 }
        #expect(results.all == expected)
    }
}
