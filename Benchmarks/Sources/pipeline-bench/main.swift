// pipeline-bench: the fraud-detection pipeline fed by Kafka, against the peers measured in the same run.
//
//   swift run -c release --package-path Benchmarks pipeline-bench [--events N] [--rate R] [--latency-seconds S]
//       [--warmup-seconds S] [--repeats K] [--threads T] [--bench-dir DIR] [--skip-peers]
//
// Throughput: N payments (and the chargebacks of the 1% that are fraud) on a fresh embedded cluster; kcat reads
// the payments topic to its end (the ceiling: a raw consume, nothing parsed), then the pipeline drains it from
// payments to fraud-scores (validation, card history, category target encoding, features, FTRL scoring, label
// joins and learning); events/s from its first score to its last, every payment's score checked once.
// Latency: payments produced at R per second while the pipeline runs; from each payment's produce time to its
// score's produce time (CreateTime), in an HDR histogram, after a warm-up.
// Peers: Bytewax + River and Quix Streams + River from the shared harness (peers_kafka.py) on N events of its
// `ctr` stream, each on its own mock cluster, run after ours (never at the same time: the box has 2 cores).
// Their pipeline is simpler (one per-key state, hashed features, River's logistic regression, inline labels);
// the ratio compares what a user runs today with what this pipeline does. The machine may be shared: compare
// the ratios, not the absolute figures.
import Foundation
import Logging

let options: BenchOptions
do {
    options = try BenchOptions(CommandLine.arguments)
} catch {
    FileHandle.standardError.write(Data("pipeline-bench: \(error)\n".utf8))
    exit(64)
}
var logger = Logger(label: "pipeline-bench")
logger.logLevel = .error

func format(_ value: Double, _ digits: Int = 0) -> String {
    guard value.isFinite else { return "n/a" }
    if digits > 0 { return String(format: "%.\(digits)f", value) }
    let text = String(Int(value.rounded()))
    var grouped = ""
    for (index, character) in text.enumerated() {
        if index > 0 && (text.count - index) % 3 == 0 { grouped.append(",") }
        grouped.append(character)
    }
    return grouped
}

func json(_ value: Double) -> String { value.isFinite ? String(format: "%.6g", value) : "null" }

do {
    print("pipeline-bench: \(format(Double(options.events))) payments, \(options.threads) worker threads, latency at \(format(Double(options.rate)))/s")
    let throughput = try ThroughputBench(events: options.events, threads: options.threads, repeats: options.repeats, logger: logger).run()
    let exact = throughput.distinctScores == options.events && throughput.scoreMessages == options.events
    print("throughput  fraud-detection \(format(throughput.eventsPerSecond)) payments/s (start-up \(format(throughput.startupSeconds, 2)) s); scores \(format(Double(throughput.scoreMessages))), \(exact ? "each payment exactly once" : "NOT each payment exactly once (\(throughput.distinctScores) distinct)")")
    print("            kcat raw consume \(format(throughput.kcatEventsPerSecond)) payments/s; ratio \(format(throughput.eventsPerSecond / throughput.kcatEventsPerSecond, 3))")

    let latency = try LatencyBench(
        rate: options.rate, seconds: options.latencySeconds, warmupSeconds: options.warmupSeconds,
        threads: options.threads, logger: logger
    ).run()
    print("latency     at \(format(latency.achievedRate))/s, \(format(Double(latency.measured))) payments: p50 \(format(latency.p50, 2)) ms, p99 \(format(latency.p99, 2)) ms, p99.9 \(format(latency.p999, 2)) ms, max \(format(latency.max, 2)) ms")

    var bytewax = Double.nan
    var quix = Double.nan
    if options.skipPeers {
        print("peers       skipped (--skip-peers)")
    } else {
        switch KafkaPeers.run(bench: KafkaPeers.locate(options.benchDirectory), cases: ["bytewax", "quix"], events: options.events) {
        case .success(let records):
            bytewax = records.first { $0.name == "bytewax" }?.eventsPerSecond ?? .nan
            quix = records.first { $0.name == "quix" }?.eventsPerSecond ?? .nan
            for record in records {
                print("peer        \(record.name) + River (ctr stream) \(format(record.eventsPerSecond)) events/s; fraud-detection is \(format(throughput.eventsPerSecond / record.eventsPerSecond, 1))x")
            }
        case .failure(let error):
            print("peers       not measured: \(error)")
        }
    }
    let fields: [(String, String)] = [
        ("events", "\(options.events)"), ("events_per_s", json(throughput.eventsPerSecond)),
        ("kcat_events_per_s", json(throughput.kcatEventsPerSecond)),
        ("ratio_vs_kcat", json(throughput.eventsPerSecond / throughput.kcatEventsPerSecond)),
        ("bytewax_events_per_s", json(bytewax)), ("ratio_vs_bytewax", json(throughput.eventsPerSecond / bytewax)),
        ("quix_events_per_s", json(quix)), ("ratio_vs_quix", json(throughput.eventsPerSecond / quix)),
        ("startup_s", json(throughput.startupSeconds)), ("scored_exactly_once", exact ? "true" : "false"),
        ("latency_rate", json(latency.achievedRate)), ("p50_ms", json(latency.p50)), ("p99_ms", json(latency.p99)),
        ("p999_ms", json(latency.p999)), ("max_ms", json(latency.max)), ("threads", "\(options.threads)"),
    ]
    print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
} catch {
    FileHandle.standardError.write(Data("pipeline-bench: \(error)\n".utf8))
    exit(1)
}
