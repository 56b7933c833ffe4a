// snapshot-bench: the cost of consistent snapshots. The state part snapshots and restores a job holding 1M keys
// and a 2^22-weight model; the throughput part runs Kafka -> Kafka long enough (~12 s) for several snapshots at
// the 5 s interval. Targets: exactly-once throughput >= 0.8 of the no-snapshot throughput; restore <= 5 s.
//
//   swift run -c release snapshot-bench [--keys 1000000] [--snapshots 3] [--events 10000000] [--partitions 512]
//                                       [--runs 3] [--interval-seconds 5] [--threads N] [--part state|throughput|all]
//
// Prints what it measures and, as its last line, one JSON object.

import Foundation
import Logging
import Slipstream

// As run-pipeline does: freed Kafka buffers stay in the process for reuse.
StreamingAllocator.configure(environment: ProcessInfo.processInfo.environment)

let options: [String: String] = {
    var options: [String: String] = [:]
    var arguments = CommandLine.arguments.dropFirst()
    while let name = arguments.popFirst() {
        guard name.hasPrefix("--"), let value = arguments.popFirst() else {
            FileHandle.standardError.write(Data("usage: snapshot-bench [--name value]…; bad argument \(name)\n".utf8))
            exit(2)
        }
        options[String(name.dropFirst(2))] = value
    }
    return options
}()
@MainActor func intOption(_ name: String, _ fallback: Int) -> Int {
    guard let text = options[name] else { return fallback }
    guard let value = Int(text.replacingOccurrences(of: "_", with: "")), value > 0 else {
        FileHandle.standardError.write(Data("--\(name) needs a positive whole number, not '\(text)'\n".utf8))
        exit(2)
    }
    return value
}
let keys = intOption("keys", 1_000_000)
let snapshotCount = intOption("snapshots", 3)
let events = intOption("events", 10_000_000)
let partitions = intOption("partitions", 512)
let runs = intOption("runs", 3)
let intervalSeconds = intOption("interval-seconds", 5)
let threads = intOption("threads", ProcessInfo.processInfo.activeProcessorCount)
let part = options["part"] ?? "all"

var logger = Logger(label: "snapshot-bench") { StreamLogHandler.standardError(label: $0) }
logger.logLevel = .error
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-bench-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: scratch) }

var result: [String: Any] = ["keys": keys, "threads": threads]
do {
    if part == "all" || part == "state" {
        let figures = try await StateSnapshotBench(keys: keys, snapshots: snapshotCount, threads: threads, logger: logger)
            .run(directory: scratch + "/state")
        result["snapshot_bytes"] = figures.snapshotBytes
        result["snapshot_ms"] = (figures.snapshotMilliseconds * 10).rounded() / 10
        result["max_pause_ms"] = (figures.maxPauseMilliseconds * 10).rounded() / 10
        result["restore_ms"] = figures.restoreMilliseconds.rounded()
        print(String(
            format: "state: %lld bytes per snapshot, %.1f ms to take (median), longest pause %.1f ms, restore %.0f ms (target <= 5000)",
            figures.snapshotBytes, figures.snapshotMilliseconds, figures.maxPauseMilliseconds, figures.restoreMilliseconds))
    }
    if part == "all" || part == "throughput" {
        let figures = try await ExactlyOnceBench(
            events: events, partitions: partitions, accounts: 100_000, runs: runs, threads: threads,
            interval: .seconds(intervalSeconds), logger: logger
        ).run(directory: scratch + "/throughput")
        result["exactly_once_events_per_s"] = figures.exactlyOnceEventsPerSecond.rounded()
        result["no_snapshot_events_per_s"] = figures.noSnapshotEventsPerSecond.rounded()
        result["exactly_once_ratio"] = (figures.ratio * 1_000).rounded() / 1_000
        result["snapshot_interval_s"] = intervalSeconds
        result["snapshots_per_run"] = figures.snapshotsPerRun
        print(String(
            format: "throughput: exactly-once %.0f events/s vs no snapshots %.0f events/s (medians): ratio %.2f (target >= 0.8)",
            figures.exactlyOnceEventsPerSecond, figures.noSnapshotEventsPerSecond, figures.ratio))
    }
} catch {
    FileHandle.standardError.write(Data("snapshot-bench failed: \(error)\n".utf8))
    exit(1)
}
let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
