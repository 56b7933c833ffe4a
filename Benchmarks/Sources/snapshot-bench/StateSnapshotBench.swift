// The state part: a job keeping a small struct for each of `keys` keys (and, where the pipeline has one, a
// learner's model) takes snapshots into a snapshot directory while it runs; then a new job restores the latest.

import BenchSupport
import Foundation
import Logging
import Slipstream
import SlipstreamSnapshot

/// One update of a key's state.
struct KeyUpdate: Sendable {
    var key: Int64
    var amount: Double
}

/// An update with its key's count after it.
struct KeyedUpdate: Sendable {
    var update: KeyUpdate
    var count: Int64
}

/// The per-key state: what a feature stage typically keeps (a count, a sum, the last time).
struct KeyTotals: BinaryCodable, Sendable {
    var count: Int64 = 0
    var sum: Double = 0
    var last: Int64 = 0

    func encode(to writer: inout BinaryWriter) {
        writer.write(count)
        writer.write(sum)
        writer.write(last)
    }

    init() {}

    init(from reader: inout BinaryReader) throws(GridCodecError) {
        count = try reader.read(Int64.self)
        sum = try reader.read(Double.self)
        last = try reader.read(Int64.self)
    }
}

/// What the state part measured.
struct StateFigures {
    var snapshotBytes: Int64
    /// Median over the snapshots taken.
    var snapshotMilliseconds: Double
    /// The longest pause of any snapshot.
    var maxPauseMilliseconds: Double
    /// From opening the store to the restored job's first processed item.
    var restoreMilliseconds: Double
    var snapshots: Int
}

struct StateSnapshotBench {
    let keys: Int
    let snapshots: Int
    let threads: Int
    let logger: Logger

    /// The job: an endless stream of updates cycling over the keys (a multiplicative hash spreads consecutive
    /// indices), per-key totals, a logistic regression over 2^22 hashed weights learning from every update, and a
    /// count of keys seen for the first time (which must stay 0 after a restore).
    func pipeline(newKeys: Collector<Int64>) -> Pipeline {
        let keys = Int64(self.keys)
        let features = FeatureSchema<KeyedUpdate>(hashBits: 22) {
            NumericFeature("amount") { $0.update.amount }
            NumericFeature("count_log", scaling: .none) { log1p(Double($0.count)) }
            CategoricalFeature("key") { String($0.update.key) }
        }
        return Pipeline("snapshot-bench") { p in
            let updates = p.read(.generator(count: nil) { index in
                let i = Int64(index)
                return KeyUpdate(key: (i &* 2_654_435_761) % keys, amount: Double(i % 1_000) / 10)
            })
            .grouped(by: \.key)
            .stateful(name: "per-key", initial: { KeyTotals() }) { totals, update in
                totals.count &+= 1
                totals.sum += update.amount
                totals.last = update.key
                return KeyedUpdate(update: update, count: totals.count)
            }
            updates.filter(name: "first-seen") { $0.count == 1 }.map(name: "key") { $0.update.key }
                .write(.collect(into: newKeys), name: "new-keys")
            updates.features(features)
                .learn(with: .logisticRegression(name: "model"), reasons: 0, name: "learn") { $0.update.amount > 50 ? 1 : 0 }
                .write(.forEach(name: "scores") { _ in }, name: "scores")
        }
    }

    func run(directory: String) async throws -> StateFigures {
        let store = try DirectorySnapshotStore(directory: directory, retain: 2, logger: logger)
        let newKeys = Collector<Int64>()
        var configuration = PipelineConfiguration(cooperativeThreads: threads)
        configuration.job.processingGuarantee = .exactlyOnce
        configuration.job.snapshotSink = store
        configuration.job.logger = logger
        configuration.logger = logger
        let job = try pipeline(newKeys: newKeys).start(configuration)
        // Every key holds state before the first snapshot.
        let warmUp = ContinuousClock.now
        while newKeys.count < keys {
            try await Task.sleep(for: .milliseconds(20))
            if ContinuousClock.now - warmUp > .seconds(300) { throw BenchError("warm-up did not reach \(keys) keys") }
        }
        print("state: \(keys) keys hold state after \(format(ContinuousClock.now - warmUp)) s")
        let coordinator = SnapshotCoordinator(job: job, interval: nil, logger: logger)
        var durations: [Double] = []
        var pauses: [Double] = []
        for index in 1...snapshots {
            let report = await coordinator.snapshotNow()
            guard report.succeeded, let id = report.snapshotID else {
                throw BenchError("snapshot \(index) failed: \(report.failure.map { "\($0)" } ?? "?")")
            }
            durations.append(report.duration.milliseconds)
            pauses.append(report.pause.milliseconds)
            print(String(
                format: "state: snapshot %lld took %.1f ms, longest processing pause %.1f ms", id,
                durations.last!, pauses.last!))
        }
        let terminal = await coordinator.stopJob()
        guard terminal.succeeded else { throw BenchError("the terminal snapshot failed") }
        guard let manifest = try store.latestComplete() else { throw BenchError("no complete snapshot") }
        await store.close()
        print("state: latest snapshot \(manifest.id): \(manifest.byteCount) bytes, \(manifest.entryCount) entries")
        for vertex in manifest.vertices {
            print("state:   \(vertex.name): \(vertex.byteCount) bytes in \(vertex.entryCount) entries")
        }

        // Restore: open the store, load the latest snapshot, start the job on it, until it processes again.
        let restoreStart = ContinuousClock.now
        let reader = try DirectorySnapshotStore(directory: directory, access: .reader, logger: logger)
        guard let contents = try reader.loadLatest() else { throw BenchError("nothing to restore") }
        let restoredNewKeys = Collector<Int64>()
        var restoring = PipelineConfiguration(cooperativeThreads: threads)
        restoring.job.restoredState = contents.restoredState
        restoring.job.logger = logger
        restoring.logger = logger
        let restored = try pipeline(newKeys: restoredNewKeys).start(restoring)
        while (restored.metrics[vertex: "per-key"]?.itemsIn ?? 0) == 0 {
            try await Task.sleep(for: .microseconds(200))
        }
        let restoreDuration = ContinuousClock.now - restoreStart
        // A second pass over every key: had any state been lost, its key would count as new again.
        let target = 2 * keys
        while (restored.metrics[vertex: "per-key"]?.itemsIn ?? 0) < target {
            try await Task.sleep(for: .milliseconds(20))
        }
        restored.cancel()
        _ = try? await restored.join()
        guard restoredNewKeys.count == 0 else {
            throw BenchError("\(restoredNewKeys.count) keys had no state after the restore")
        }
        print(String(
            format: "state: restored in %.0f ms; %d further updates found every key's state", restoreDuration.milliseconds,
            target))
        return StateFigures(
            snapshotBytes: manifest.byteCount, snapshotMilliseconds: median(durations),
            maxPauseMilliseconds: pauses.max() ?? 0, restoreMilliseconds: restoreDuration.milliseconds,
            snapshots: snapshots)
    }
}
