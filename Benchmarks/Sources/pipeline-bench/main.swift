// pipeline-bench: the fraud-detection pipeline fed by Kafka, against the peers measured in the same run.
//
//   swift run -c release --package-path Benchmarks pipeline-bench [--events N] [--rate R] [--latency-seconds S]
//       [--warmup-seconds S] [--repeats K] [--input-linger-ms L] [--fetch-wait-ms W] [--threads T]
//       [--bench-dir DIR] [--skip-peers] [--only throughput|latency]
//
// Throughput: N payments (and the chargebacks of the 1% that are fraud) on a fresh embedded cluster; kcat reads
// the payments topic to its end (the ceiling: a raw consume, nothing parsed; as the peer harness runs it and with
// its prefetch limits lifted, see KafkaKcatRunner.consume), then the pipeline drains it from
// payments to fraud-scores (validation, card history, category target encoding, features, FTRL scoring, label
// joins and learning); events/s from its first score to its last, every payment's score checked once.
// Latency: payments produced at R per second (batched as a producer at that rate does: linger.ms=L, 5 ms by
// default) while the pipeline runs; from each payment's produce call to its score's produce time (CreateTime),
// in an HDR histogram, after a warm-up; split into the pipeline's own share (the score's latency_ms: from reading
// the payment to its score) and the rest (Kafka and its clients). The scores are read back after the run.
// Peers: Bytewax + River and Quix Streams + River from the shared harness (peers_kafka.py) on N events of its
// `ctr` stream, each on its own mock cluster, run after ours (never at the same time: the box has 2 cores).
// Their pipeline is simpler (one per-key state, hashed features, River's logistic regression, inline labels);
// the ratio compares what a user runs today with what this pipeline does. The machine may be shared: compare
// the ratios, not the absolute figures.
import Foundation
import Logging
import Slipstream

// As run-pipeline does: freed Kafka buffers stay in the process for reuse.
StreamingAllocator.configure(environment: ProcessInfo.processInfo.environment)

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
    var throughput: ThroughputBench.Result?
    if options.runs.contains("throughput") {
        let result = try ThroughputBench(events: options.events, threads: options.threads, repeats: options.repeats, logger: logger).run()
        let exact = result.distinctScores == options.events && result.scoreMessages == options.events
        print("throughput  fraud-detection \(format(result.eventsPerSecond)) payments/s (start-up \(format(result.startupSeconds, 2)) s); scores \(format(Double(result.scoreMessages))), \(exact ? "each payment exactly once" : "NOT each payment exactly once (\(result.distinctScores) distinct)")")
        print("            kcat raw consume \(format(result.kcatEventsPerSecond)) payments/s; ratio \(format(result.eventsPerSecond / result.kcatEventsPerSecond, 3))")
        print("            kcat unthrottled (prefetch limits lifted) \(format(result.unthrottledKcatEventsPerSecond)) payments/s; ratio \(format(result.eventsPerSecond / result.unthrottledKcatEventsPerSecond, 3))")
        print("            CPU \(format(result.cpuNanosecondsPerPayment / 1_000, 2)) µs per payment (whole process); busiest vertices, µs per payment: \(result.busiest.map { "\($0.vertex) \(format($0.nanosecondsPerPayment / 1_000, 2))" }.joined(separator: ", "))")
        throughput = result
    }

    var latency: LatencyBench.Result?
    if options.runs.contains("latency") {
        let result = try LatencyBench(
            rate: options.rate, seconds: options.latencySeconds, warmupSeconds: options.warmupSeconds,
            inputLinger: .milliseconds(options.inputLingerMilliseconds),
            fetchWait: .milliseconds(options.fetchWaitMilliseconds), threads: options.threads, logger: logger
        ).run()
        print("latency     at \(format(result.achievedRate))/s, \(format(Double(result.measured))) payments: p50 \(format(result.p50, 2)) ms, p99 \(format(result.p99, 2)) ms, p99.9 \(format(result.p999, 2)) ms, max \(format(result.max, 2)) ms")
        func line(_ percentiles: LatencyBench.Percentiles) -> String {
            "p50 \(format(percentiles.p50, 2)) ms, p99 \(format(percentiles.p99, 2)) ms, p99.9 \(format(percentiles.p999, 2)) ms"
        }
        print("            input producer (produce call to the broker's ack, linger \(options.inputLingerMilliseconds) ms): \(line(result.input))")
        print("            then to the pipeline's read, and score ready to its CreateTime (fetch wait \(options.fetchWaitMilliseconds) ms, the mock, the sink's hand-off): \(line(result.afterInput))")
        print("            in the pipeline (read to score ready): \(line(result.inPipeline))")
        print("            Kafka alone (a plain consumer in the pipeline's place): \(line(result.kafkaAlone)); of which the broker's ack to the read: \(line(result.kafkaAloneAfterInput))")
        latency = result
    }

    let eventsPerSecond = throughput?.eventsPerSecond ?? .nan
    var bytewax = Double.nan
    var quix = Double.nan
    if options.skipPeers || throughput == nil {
        print("peers       skipped (\(options.skipPeers ? "--skip-peers" : "no throughput run"))")
    } else {
        switch KafkaPeers.run(bench: KafkaPeers.locate(options.benchDirectory), cases: ["bytewax", "quix"], events: options.events) {
        case .success(let records):
            bytewax = records.first { $0.name == "bytewax" }?.eventsPerSecond ?? .nan
            quix = records.first { $0.name == "quix" }?.eventsPerSecond ?? .nan
            for record in records {
                print("peer        \(record.name) + River (ctr stream) \(format(record.eventsPerSecond)) events/s; fraud-detection is \(format(eventsPerSecond / record.eventsPerSecond, 1))x")
            }
        case .failure(let error):
            print("peers       not measured: \(error)")
        }
    }
    let kcat = throughput?.kcatEventsPerSecond ?? .nan
    let unthrottledKcat = throughput?.unthrottledKcatEventsPerSecond ?? .nan
    let exact = throughput.map { $0.distinctScores == options.events && $0.scoreMessages == options.events }
    let fields: [(String, String)] = [
        ("events", "\(options.events)"), ("events_per_s", json(eventsPerSecond)),
        ("kcat_events_per_s", json(kcat)), ("ratio_vs_kcat", json(eventsPerSecond / kcat)),
        ("kcat_unthrottled_events_per_s", json(unthrottledKcat)),
        ("ratio_vs_unthrottled_kcat", json(eventsPerSecond / unthrottledKcat)),
        ("bytewax_events_per_s", json(bytewax)), ("ratio_vs_bytewax", json(eventsPerSecond / bytewax)),
        ("quix_events_per_s", json(quix)), ("ratio_vs_quix", json(eventsPerSecond / quix)),
        ("startup_s", json(throughput?.startupSeconds ?? .nan)),
        ("scored_exactly_once", exact.map { $0 ? "true" : "false" } ?? "null"),
        ("latency_rate", json(latency?.achievedRate ?? .nan)), ("p50_ms", json(latency?.p50 ?? .nan)),
        ("p99_ms", json(latency?.p99 ?? .nan)), ("p999_ms", json(latency?.p999 ?? .nan)),
        ("max_ms", json(latency?.max ?? .nan)), ("pipeline_p99_ms", json(latency?.inPipeline.p99 ?? .nan)),
        ("kafka_alone_p99_ms", json(latency?.kafkaAlone.p99 ?? .nan)), ("input_p99_ms", json(latency?.input.p99 ?? .nan)),
        ("threads", "\(options.threads)"),
    ]
    print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
} catch {
    FileHandle.standardError.write(Data("pipeline-bench: \(error)\n".utf8))
    exit(1)
}
