import Foundation
import Slipstream
import Testing

/// Keeps what processors save, by vertex, as a snapshot store would.
final class SavedState: SnapshotSink, @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var entries: [String: [SnapshotEntry]] = [:]

    func write(snapshotID: Int64, vertex: String, instance: Int, entries: [SnapshotEntry]) {
        lock.withLock { self.entries[vertex, default: []] += entries }
    }

    func commit(snapshotID: Int64) async throws {}

    func entries(of vertex: String) -> [SnapshotEntry] {
        lock.withLock { entries[vertex] ?? [] }
    }
}

@Suite struct StatefulSnapshotTests {
    /// Counts per key; the source emits `items` then nothing (it never ends, so a snapshot can be taken).
    private func counting(_ items: [Int], into collector: Collector<String>) -> Pipeline {
        Pipeline("counts") { p in
            p.read(.generator(count: nil) { $0 < items.count ? items[$0] : nil })
                .compactMap { $0 }
                .grouped(by: { $0 })
                .stateful(name: "count", initial: { 0 }) { count, key in
                    count += 1
                    return "\(key):\(count)"
                }
                .write(.collect(into: collector))
        }
    }

    private func waitFor(_ collector: Collector<String>, count: Int) {
        let deadline = ContinuousClock.now + .seconds(120)
        while collector.count < count && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.005) }
    }

    @Test func countsSavedInASnapshotContinueAfterARestore() async throws {
        let first = [1, 2, 1, 3, 1, 2]
        let saved = SavedState()
        let before = Collector<String>()
        var configuration = PipelineConfiguration(cooperativeThreads: 2)
        configuration.job = JobConfig(defaultParallelism: 3, processingGuarantee: .atLeastOnce, snapshotSink: saved)
        let job = try counting(first, into: before).start(configuration)
        waitFor(before, count: first.count)
        try await job.takeSnapshot()
        job.cancel()
        _ = try? await job.join()
        let entries = saved.entries(of: "count")
        #expect(!entries.isEmpty)
        #expect(entries.allSatisfy { $0.partition != nil })

        // A new run restores the counts (on 2 instances now: partitions move to their new owners).
        let after = Collector<String>()
        var restored = PipelineConfiguration(cooperativeThreads: 2)
        restored.job = JobConfig(defaultParallelism: 2, restoredState: ["count": entries])
        let second = [2, 3, 1]
        let job2 = try counting(second, into: after).start(restored)
        waitFor(after, count: second.count)
        job2.cancel()
        _ = try? await job2.join()
        #expect(Set(after.items) == ["2:3", "3:2", "1:4"])
    }
}
