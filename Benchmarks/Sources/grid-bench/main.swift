// grid-bench: updates through the `stateful` stage and through the bare grid-map path it uses, memory per key,
// and the delayed-label join.
// Update rates are the best of 3 runs on a shared machine; compare the ratios, not the absolute numbers.
//
// Options: --part stateful (only the `stateful` stage, for profiling: `--threads N` worker threads, `--runs N`,
// default 1), --updates N, --keys N.
import Foundation
import SlipstreamGrid

/// `--name value` from the command line, or `fallback`.
func option(_ name: String, default fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count,
        let value = Int(arguments[index + 1]), value > 0
    else { return fallback }
    return value
}

let keyCount = option("keys", default: 1_000_000)
let updateCount = option("updates", default: 10_000_000)

if let index = CommandLine.arguments.firstIndex(of: "--part"), index + 1 < CommandLine.arguments.count {
    guard CommandLine.arguments[index + 1] == "stateful" else {
        print("grid-bench: unknown part '\(CommandLine.arguments[index + 1])' (known: stateful)")
        exit(2)
    }
    let threads = option("threads", default: 1)
    let keys = UpdateBenchmark(keyCount: keyCount, updateCount: updateCount, zipfExponent: 0.99, seed: 42).keys
    var best = 0.0
    for run in 1...option("runs", default: 1) {
        let result = try StatefulStageBenchmark(keys: keys).run(threads: threads)
        print(String(format: "  run %d: stateful stage, %d worker thread(s): %.0f updates/s (%d keys)", run, threads,
                     result.updatesPerSecond, result.entries))
        best = max(best, result.updatesPerSecond)
    }
    print("{\"updates_per_s_\(threads)_thread\(threads == 1 ? "" : "s")\": \(best.rounded())}")
    exit(0)
}

print("grid-bench: \(updateCount) updates over \(keyCount) keys (Zipf s=0.99), value \(MemoryLayout<Activity>.stride) bytes")
let workload = UpdateBenchmark(keyCount: keyCount, updateCount: updateCount, zipfExponent: 0.99, seed: 42)
print("  distinct keys touched: \(workload.distinctKeys)")

// Memory first, every map kept alive until all are measured: freed memory stays in the allocator and would
// hide the growth of the next one.
let withTTL = GridMapConfiguration(expiry: .init(timeToLive: .seconds(30 * 86_400)))
let valueBytes = Double(MemoryLayout<Activity>.stride)
let memory = workload.bytesPerKey(configuration: GridMapConfiguration())
let ttlMemory = workload.bytesPerKey(configuration: withTTL)
let peerMemory = DictionaryPeer.bytesPerKey(keyCount: keyCount)
print(String(format: "  memory: %.1f bytes/key resident (%.1f beyond the value), %.1f estimated by the map",
             memory.resident, memory.resident - valueBytes, memory.estimated))
print(String(format: "  memory with a TTL: %.1f bytes/key resident; Dictionary peer: %.1f bytes/key",
             ttlMemory.resident, peerMemory.0))
memory.keepAlive.release()
ttlMemory.keepAlive.release()
withExtendedLifetime(peerMemory.1) {}

/// The best of `runs` runs: on a shared machine the fastest run is the one least disturbed by other work.
typealias Rates = (updatesPerSecond: Double, entries: Int, updatesPerCPUSecond: Double)
func best(of runs: Int = 3, _ body: () -> Rates) -> Rates {
    (0..<runs).map { _ in body() }.max { $0.updatesPerSecond < $1.updatesPerSecond }!
}

let plain = GridMapConfiguration()
let one = best { workload.run(threads: 1, configuration: plain) }
print(String(format: "  1 thread:  %.0f updates/s (%d keys); %.0f per CPU-second", one.updatesPerSecond, one.entries,
             one.updatesPerCPUSecond))
let two = best { workload.run(threads: 2, configuration: plain) }
print(String(format: "  2 threads: %.0f updates/s (%d keys), %.2fx of 1 thread; %.0f per CPU-second of the slower thread",
             two.updatesPerSecond, two.entries, two.updatesPerSecond / one.updatesPerSecond, two.updatesPerCPUSecond))
// The same updates end to end through the DSL's `stateful` stage (source, partitioned edge, stage).
let stageBenchmark = StatefulStageBenchmark(keys: workload.keys)
func bestStage(threads: Int) -> (updatesPerSecond: Double, entries: Int) {
    do {
        return try (0..<3).map { _ in try stageBenchmark.run(threads: threads) }.max { $0.0 < $1.0 }!
    } catch {
        print("grid-bench: the stateful pipeline failed: \(error)")
        exit(1)
    }
}
let stageOne = bestStage(threads: 1)
print(String(format: "  stateful stage, 1 worker thread:  %.0f updates/s (%d keys), %.2fx of the bare map",
             stageOne.updatesPerSecond, stageOne.entries, stageOne.updatesPerSecond / one.updatesPerSecond))
let stageTwo = bestStage(threads: 2)
print(String(format: "  stateful stage, 2 worker threads: %.0f updates/s (%d keys), %.2fx of 1 thread",
             stageTwo.updatesPerSecond, stageTwo.entries, stageTwo.updatesPerSecond / stageOne.updatesPerSecond))
let oneBatched = best { workload.run(threads: 1, configuration: plain, batched: true) }
print(String(format: "  1 thread, batched (updateEach): %.0f updates/s; %.0f per CPU-second",
             oneBatched.updatesPerSecond, oneBatched.updatesPerCPUSecond))
let ttlOne = best { workload.run(threads: 1, configuration: withTTL) }
print(String(format: "  1 thread with a processing-time TTL: %.0f updates/s", ttlOne.updatesPerSecond))
let peerRates = best { let r = DictionaryPeer.updatesPerSecond(workload.keys); return (r.wall, 0, r.cpu) }
let peer = peerRates.updatesPerSecond
print(String(format: "  Dictionary peer, 1 thread: %.0f updates/s; %.0f per CPU-second; grid map / peer = %.2f (per CPU-second %.2f)",
             peer, peerRates.updatesPerCPUSecond, one.updatesPerSecond / peer,
             one.updatesPerCPUSecond / peerRates.updatesPerCPUSecond))

let join = JoinBenchmark(predictions: 1_000_000, seed: 7)
let joined = join.run()
print(String(format: "  join: %d predictions, %d labels (delay 0-5 s, disorder 100 ms): %.0f joins/s, %d matched, %d unmatched",
             join.predictions, join.labels, joined.joinsPerSecond, joined.matched, joined.unmatched))

let snapshot = SnapshotBenchmark.run(keyCount: keyCount)
print(String(format: "  snapshot of %d keys: %.1f MB, saved in %.0f ms, restored in %.0f ms; detached copy %.0f ms",
             keyCount, Double(snapshot.bytes) / 1e6, snapshot.saveSeconds * 1e3, snapshot.restoreSeconds * 1e3,
             snapshot.copySeconds * 1e3))

let figures: [(String, Double)] = [
    ("updates_per_s_1_thread", stageOne.updatesPerSecond.rounded()),
    ("updates_per_s_2_threads", stageTwo.updatesPerSecond.rounded()),
    ("map_updates_per_s_1_thread", one.updatesPerSecond.rounded()),
    ("map_updates_per_s_2_threads", two.updatesPerSecond.rounded()),
    ("bytes_per_key", (memory.resident * 10).rounded() / 10),
    ("bytes_per_key_beyond_value", ((memory.resident - valueBytes) * 10).rounded() / 10),
    ("joins_per_s", joined.joinsPerSecond.rounded()),
    ("updates_per_s_1_thread_ttl", ttlOne.updatesPerSecond.rounded()),
    ("bytes_per_key_ttl", (ttlMemory.resident * 10).rounded() / 10),
    ("dictionary_updates_per_s", peer.rounded()),
    ("dictionary_bytes_per_key", (peerMemory.0 * 10).rounded() / 10),
    ("updates_vs_dictionary", (one.updatesPerSecond / peer * 100).rounded() / 100),
    ("updates_per_s_1_thread_batched", oneBatched.updatesPerSecond.rounded()),
    ("updates_per_cpu_s_1_thread", one.updatesPerCPUSecond.rounded()),
    ("updates_per_cpu_s_2_threads", two.updatesPerCPUSecond.rounded()),
    ("snapshot_save_ms", (snapshot.saveSeconds * 1e4).rounded() / 10),
    ("snapshot_restore_ms", (snapshot.restoreSeconds * 1e4).rounded() / 10),
    ("snapshot_copy_ms", (snapshot.copySeconds * 1e4).rounded() / 10),
]
print("{" + figures.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
