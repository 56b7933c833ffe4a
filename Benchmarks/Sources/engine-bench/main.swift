// engine-bench: throughput of the dataflow engine. Each part prints its figures and adds its keys to `report`;
// the last line printed is one JSON object with every key.
//
// Options: --part NAME (run one part: in-memory, decode, encode, join, kafka), --runs N (median of N runs), --items N,
// --threads 1|2, --queue N (in-memory part), --decode-events N (decode part), --encode-events N (encode part),
// --join-payments N (join part), --kafka-events N, --kafka-partitions N, --kafka-threads N, --kafka-parallelism N,
// --kafka-queue N, --kafka-linger-ms N,
// --kafka-idempotent 1|2 (2: off), --kafka-mode pipeline|consume-only|decode-only|decode-only-codable (kafka part;
// the other modes measure the source alone, to see where the pipeline's time goes, decoding through @JSONEvent or
// through Decodable). ENGINE_BENCH_BALANCING=0 runs the in-memory part with each tasklet kept on the worker it was
// placed on (the engine's worker balancing off).
//
// A new part is one block before the final print: `if runs(part: "name") { ...; report.add("key", value) }`.
import BenchSupport
import Foundation
import Slipstream

// As run-pipeline does: freed Kafka buffers stay in the process for reuse.
StreamingAllocator.configure(environment: ProcessInfo.processInfo.environment)

/// Ordered figures printed as one JSON object at the end.
struct BenchReport {
    private var entries: [(String, String)] = []

    mutating func add(_ key: String, _ value: Double) {
        entries.append((key, value.isFinite ? String(format: "%.1f", value) : "null"))
    }

    /// A ratio or other small figure, with two decimals.
    mutating func addRatio(_ key: String, _ value: Double) {
        entries.append((key, value.isFinite ? String(format: "%.2f", value) : "null"))
    }

    mutating func add(_ key: String, _ value: Int) {
        entries.append((key, String(value)))
    }

    var json: String {
        "{" + entries.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}

/// `--name value` from the command line, or `fallback`.
func option(_ name: String, default fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count,
        let value = Int(arguments[index + 1]), value > 0
    else { return fallback }
    return value
}

/// `--name value` from the command line, or `nil`.
func stringOption(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// Whether part `name` runs (all do unless `--part` names one).
func runs(part name: String) -> Bool {
    stringOption("part").map { $0 == name } ?? true
}

var report = BenchReport()
let runs = option("runs", default: 3)

// MARK: - In-memory pipeline

if runs(part: "in-memory") {
    let items = option("items", default: 10_000_000)
    let queueCapacity = option("queue", default: 1024)
    let onlyThreads = option("threads", default: 0)
    print(
        "in-memory: source -> map -> filter -> keyed count -> sink, every stage its own vertex, \(items) items, "
            + "queues of \(queueCapacity), median of \(runs) runs")
    for threads in [1, 2] where onlyThreads == 0 || threads == onlyThreads {
        var rates: [Double] = []
        for run in 1...runs {
            let result = try InMemoryBench.run(items: items, threads: threads, queueCapacity: queueCapacity)
            rates.append(result.itemsPerSecond)
            print(
                "  \(threads) thread(s) run \(run): \(String(format: "%.3f", result.seconds)) s, "
                    + "\(String(format: "%.0f", result.itemsPerSecond)) items/s, "
                    + "\(String(format: "%.0f", result.itemsPerCPUSecond)) items per CPU second "
                    + "(\(result.received) reached the sink)")
        }
        print("  \(threads) thread(s): median \(String(format: "%.0f", median(rates))) items/s")
        report.add(threads == 1 ? "items_per_s_1_thread" : "items_per_s_2_threads", median(rates))
    }
}

// MARK: - JSON decode

if runs(part: "decode") {
    let decode = runDecodeBenchmark(events: option("decode-events", default: 200_000), rounds: runs)
    report.add("decode_events_per_s", decode.decodeEventsPerSecond)
    report.add("codable_decode_events_per_s", decode.codableDecodeEventsPerSecond)
    report.add("foundation_decode_events_per_s", decode.foundationDecodeEventsPerSecond)
    report.addRatio("decode_ratio_vs_codable", decode.ratioVsCodable)
}

// MARK: - JSON encode

if runs(part: "encode") {
    let encode = runEncodeBenchmark(events: option("encode-events", default: 1_000_000), rounds: runs)
    report.add("encode_events_per_s", encode.encodeEventsPerSecond)
    report.add("foundation_encode_events_per_s", encode.foundationEncodeEventsPerSecond)
}

// MARK: - Delayed-label join

if runs(part: "join") {
    let join = try runJoinBenchmark(payments: option("join-payments", default: 1_000_000), rounds: runs)
    report.add("join_payments_per_s", join.paymentsPerSecond)
}

// MARK: - Kafka pipeline

if runs(part: "kafka") {
    let events = option("kafka-events", default: 1_000_000)
    let partitions = option("kafka-partitions", default: 64)
    let threads = option("kafka-threads", default: 2)
    let parallelism = option("kafka-parallelism", default: 2)
    var sinkOptions = KafkaSinkOptions()
    sinkOptions.linger = .milliseconds(option("kafka-linger-ms", default: 5))
    sinkOptions.idempotent = option("kafka-idempotent", default: 1) == 1
    print(
        "kafka: Kafka -> decode JSON -> map -> Kafka on EmbeddedKafka, \(events) events, \(partitions) partitions, "
            + "\(threads) worker threads, \(parallelism) instances per stage, sink linger \(sinkOptions.linger), "
            + "against kcat consuming the same topic, median of \(runs) runs")
    let kafka = try runKafkaBenchmark(
        events: events, partitions: partitions, runs: runs, threads: threads, parallelism: parallelism,
        queueCapacity: option("kafka-queue", default: 1024), sinkOptions: sinkOptions,
        mode: KafkaBenchMode(rawValue: stringOption("kafka-mode") ?? "pipeline") ?? .pipeline)
    report.add("kafka_events_per_s", kafka.eventsPerSecond)
    report.add("kcat_events_per_s", kafka.kcatEventsPerSecond)
    report.addRatio("kafka_ratio", kafka.ratio)
    report.add("kcat_pipeline_settings_events_per_s", kafka.pipelineSettingsKcatEventsPerSecond)
    report.addRatio("kafka_ratio_vs_pipeline_settings_kcat", kafka.pipelineSettingsRatio)
    report.add("kcat_unthrottled_events_per_s", kafka.unthrottledKcatEventsPerSecond)
    report.addRatio("kafka_ratio_vs_unthrottled_kcat", kafka.unthrottledRatio)
}

print(report.json)
