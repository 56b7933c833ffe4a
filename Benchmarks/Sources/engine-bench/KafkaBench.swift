// Kafka -> decode JSON -> map -> Kafka through a Slipstream pipeline on EmbeddedKafka, and kcat consuming the
// same input topic in the same run: events/s of both and their ratio.
//
// The input backlog (flat JSON events of ~200 bytes, the decode benchmark's, decoded by DecodeBenchEvent's @JSONEvent
// initializer) is produced once, in large batches, over enough partitions that the mock's ~5 MiB per partition keeps
// all of it; every run then reads it from the start into the output topic. A run counts only when every event is
// accounted for: all reached the output topic, none was a dead letter or late, and the final watermark is one the
// data implies: each source instance's last watermark is the minimum over its partitions of their highest timestamp,
// minus the allowed lateness, and a finished instance stops holding the others back, so the last watermark seen is
// one of those.
//
// kcat runs three ways per run: as the peer harness runs it, with the pipeline's own prefetch settings, and
// with its prefetch limits lifted (see KafkaKcatRunner.consume).
//
// KAFKA_BENCH_SKIP_KCAT leaves kcat out (for valgrind, which cannot start it). For experiments: KAFKA_BENCH_CONSUMER and KAFKA_BENCH_PRODUCER add librdkafka properties (`name=value,…`) to
// the pipeline's consumers and to its sink (e.g. `debug=eos,broker`), and KAFKA_BENCH_LOG sets the log level
// (`debug` shows librdkafka's debug lines).

import BenchSupport
import Foundation
import Logging
import Slipstream

/// What the pipeline writes per event; `Encodable` for the encode part's Foundation figure.
struct KafkaBenchOutput: PayloadEncodable, Encodable {
    var eventID: String
    var userID: Int64
    var cents: Int64
    var country: String
    var risk: Double

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", userID = "user_id", cents, country, risk
    }

    func encodePayload(into bytes: inout [UInt8]) {
        JSONObjectWriter.write(into: &bytes) { object in
            object.field("event_id", eventID)
            object.field("user_id", userID)
            object.field("cents", cents)
            object.field("country", country)
            object.field("risk", risk)
        }
    }
}

/// Extra consumer properties from `KAFKA_BENCH_CONSUMER` (`key=value,key=value`), for tuning experiments.
private let benchConsumerProperties = librdkafkaProperties(fromEnvironment: "KAFKA_BENCH_CONSUMER")

/// What the Kafka part measures: the pipeline, or (to see where its time goes) the source alone.
enum KafkaBenchMode: String {
    /// Kafka -> decode JSON -> map -> Kafka: the figure reported.
    case pipeline
    /// The Kafka source without decoding (payload sizes) into a sink that drops them.
    case consumeOnly = "consume-only"
    /// The Kafka source decoding every payload (through `@JSONEvent`) into a sink that drops them.
    case decodeOnly = "decode-only"
    /// As `decodeOnly`, through `Decodable` into the plain twin of the event type (the `@JSONEvent` path's peer).
    case decodeOnlyCodable = "decode-only-codable"
}

/// The figures of ``runKafkaBenchmark(events:partitions:runs:log:)``: medians over the runs.
struct KafkaFigures {
    var eventsPerSecond: Double
    /// kcat as the shared peer harness runs it (librdkafka's default prefetch limits).
    var kcatEventsPerSecond: Double
    /// kcat with the prefetch settings the pipeline's Kafka source uses.
    var pipelineSettingsKcatEventsPerSecond: Double
    /// kcat with its prefetch limits lifted: no pauses, its stall-free rate.
    var unthrottledKcatEventsPerSecond: Double
    var ratio: Double { eventsPerSecond / kcatEventsPerSecond }
    var pipelineSettingsRatio: Double { eventsPerSecond / pipelineSettingsKcatEventsPerSecond }
    var unthrottledRatio: Double { eventsPerSecond / unthrottledKcatEventsPerSecond }
}

/// Runs the benchmark `runs` times on one embedded cluster and returns the medians.
func runKafkaBenchmark(
    events: Int, partitions: Int, runs: Int, threads: Int, parallelism: Int, queueCapacity: Int,
    sinkOptions: KafkaSinkOptions, mode: KafkaBenchMode = .pipeline,
    log: (String) -> Void = { print($0) }
) throws -> KafkaFigures {
    var logger = Logger(label: "engine-bench.kafka") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = ProcessInfo.processInfo.environment["KAFKA_BENCH_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .error
    var sinkOptions = sinkOptions
    sinkOptions.properties.merge(librdkafkaProperties(fromEnvironment: "KAFKA_BENCH_PRODUCER")) { $1 }
    let kafka = try EmbeddedKafka(
        topics: [.init("bench-in", partitions: partitions), .init("bench-in-dead-letters", partitions: 1)],
        retentionCheckInterval: nil, logger: logger)
    defer { kafka.shutdown() }
    let kcat = try KafkaKcatRunner(bootstrapServers: kafka.bootstrapServers)

    let backlog = try produceBacklog(kafka, events: events, partitions: partitions, logger: logger)
    log(
        String(
            format: "kafka: %d events of %.0f bytes over %d partitions produced in %.2f s (batches of up to 10,000)",
            events, backlog.meanBytes, partitions, backlog.seconds))
    let lateness: Duration = .seconds(86_400)
    // Source instance i of n owns the partitions p with p % n == i.
    let finalWatermarks = Set(
        (0..<parallelism).map { instance in
            Watermark(
                backlog.partitionMaxima.filter { $0.key % Int32(parallelism) == Int32(instance) }.values.min()!
                    - 86_400_000)
        })

    var ours: [Double] = []
    // kcat as the harness runs it, with the pipeline's prefetch settings, unthrottled.
    var theirs: [[Double]] = [[], [], []]
    for run in 1...max(runs, 1) {
        // Alternate who goes first, so neither always gets the quieter machine.
        for side in run % 2 == 1 ? [0, 1] : [1, 0] {
            if side == 1 {
                // KAFKA_BENCH_SKIP_KCAT: the pipeline alone, for profilers that cannot start kcat (valgrind).
                if ProcessInfo.processInfo.environment["KAFKA_BENCH_SKIP_KCAT"] != nil { continue }
                // As the shared peer harness runs it, with the pipeline's own prefetch settings, and with its
                // prefetch limits lifted (see `consume`). "As pipeline" leaves out the pipeline's byte limit
                // (`prefetchKilobytes`): kcat does not wake librdkafka's fetcher as the source does, so with a
                // small byte limit it would stall for a second whenever its queue filled.
                let defaults = KafkaSourceOptions()
                let variants: [(label: String, properties: [String: String])] = [
                    ("              ", [:]),
                    (
                        " (as pipeline)",
                        [
                            "queued.min.messages": String(defaults.prefetchRecords),
                            "max.partition.fetch.bytes": String(defaults.maxPartitionFetchBytes),
                        ]
                    ),
                    (" (unthrottled)", KafkaKcatRunner.unthrottled),
                ]
                for (index, variant) in variants.enumerated() {
                    let result = try kcat.consume(topic: "bench-in", properties: variant.properties)
                    let read = result.endOffsets.values.reduce(0, +)
                    guard result.endOffsets.count == partitions, read == Int64(events) else {
                        throw KafkaBenchError("kcat reached the end of \(result.endOffsets.count) partitions at \(read) events")
                    }
                    let rate = Double(events) / result.seconds
                    theirs[index].append(rate)
                    log(
                        String(
                            format: "  run %d: kcat consume%@ %10.0f events/s (%.2f s)", run, variant.label, rate,
                            result.seconds))
                }
                continue
            }
            // Every run writes to the same output topic. A topic per run would keep every run's ~130 MB of output
            // in the embedded broker, so each run would fault in fresh memory for it (on a VM whose host reclaims
            // freed guest memory, that alone cost later runs up to half again as much CPU); one topic stays
            // within the mock's retention cap and its memory is reused.
            let output = "bench-out"
            if !kafka.topics.contains(where: { $0.name == output }) { try kafka.createTopic(output, partitions: partitions) }
            let writtenBefore = try kafka.partitionUsage().filter { $0.topicPartition.topic == output }
                .reduce(0) { $0 + Int($1.watermarks.high) }
            let late = Collector<DecodeBenchEvent>()
            if mode != .pipeline {
                let decodes = mode == .decodeOnly
                let decodesCodable = mode == .decodeOnlyCodable
                let probe = Pipeline("probe") { p in
                    p.read(
                        .kafka(
                            "bench-in",
                            decoding: PayloadDecoding<Int> {
                                let decoder = JSONEventDecoder()
                                return { bytes in
                                    if decodes { return Int(try decoder.decode(DecodeBenchEvent.self, from: bytes).userID) }
                                    if decodesCodable {
                                        return Int(try decoder.decode(CodableDecodeBenchEvent.self, from: bytes).userID)
                                    }
                                    return bytes.count
                                }
                            },
                            options: KafkaSourceOptions(start: .earliest, stopAtEnd: true, deadLetters: .discard))
                    ).write(.forEach { _ in })
                }
                let configuration = PipelineConfiguration(
                    kafka: KafkaConnection(bootstrapServers: kafka.bootstrapServers, consumerProperties: benchConsumerProperties), cooperativeThreads: threads,
                    job: JobConfig(defaultParallelism: parallelism, logger: logger), logger: logger)
                let start = ContinuousClock.now
                let cpuStart = InMemoryBench.cpuSeconds()
                try probe.run(configuration)
                let seconds = (ContinuousClock.now - start).seconds
                let cpu = InMemoryBench.cpuSeconds() - cpuStart
                log(
                    "  run \(run): \(mode.rawValue) \(Int(Double(events) / seconds)) events/s, "
                        + String(format: "process CPU %.2f s (%.1f µs per event)", cpu, cpu / Double(events) * 1e6))
                ours.append(Double(events) / seconds)
                continue
            }
            let pipeline = Pipeline("kafka-bench") { p in
                let events = p.read(
                    .kafka(
                        "bench-in", as: DecodeBenchEvent.self,
                        options: KafkaSourceOptions(
                            start: .earliest, stopAtEnd: true, deadLetters: .kafka("bench-in-dead-letters"))))
                    .timestamps(\.timestamp, allowedLateness: lateness)
                // One collector instance coalesces the watermarks of every source instance.
                events.lateEvents.rebalance(parallelism: 1).write(.collect(into: late))
                events
                    .map { event in
                        KafkaBenchOutput(
                            eventID: event.eventID, userID: event.userID, cents: Int64((event.amount * 100).rounded()),
                            country: event.country, risk: event.mobile ? event.score * 2 : event.score)
                    }
                    // Keyed, as a pipeline's output usually is (per-user order): keyless messages would go where
                    // librdkafka's sticky partitioner puts them, and the burst queued while the new topic's
                    // metadata is fetched lands on one partition, past the mock's 5 MiB cap, which then drops
                    // its oldest records.
                    .write(.kafka(output, key: { String($0.userID) }, options: sinkOptions), name: "out")
            }
            let configuration = PipelineConfiguration(
                kafka: KafkaConnection(bootstrapServers: kafka.bootstrapServers, consumerProperties: benchConsumerProperties), cooperativeThreads: threads,
                job: JobConfig(defaultParallelism: parallelism, queueCapacity: queueCapacity, logger: logger),
                logger: logger)
            let start = ContinuousClock.now
            let cpuStart = InMemoryBench.cpuSeconds()
            let countsStart = InMemoryBench.schedulingCounts()
            let job = try pipeline.start(configuration)
            try job.waitForCompletion()
            let seconds = (ContinuousClock.now - start).seconds
            // CPU of the whole process, the embedded cluster included: what the pipeline costs when it is not
            // waiting for a core on a shared machine.
            let cpu = InMemoryBench.cpuSeconds() - cpuStart
            let counts = InMemoryBench.schedulingCounts()
            let metrics = job.metrics
            let deadLetters = metrics[vertex: "bench-in"]?.counters[Counter.Name.deadLetters, default: 0] ?? -1
            let lateCount = metrics[vertex: "bench-in"]?.counters[Counter.Name.lateEvents, default: 0] ?? -1
            let written = try kafka.partitionUsage().filter { $0.topicPartition.topic == output }
                .reduce(0) { $0 + Int($1.watermarks.high) } - writtenBefore
            guard metrics[vertex: "out"]?.itemsIn == events, written == events, deadLetters == 0, lateCount == 0,
                late.count == 0
            else {
                throw KafkaBenchError(
                    "run \(run): \(metrics[vertex: "out"]?.itemsIn ?? -1) events reached the sink, \(written) the topic, "
                        + "\(deadLetters) dead letters, \(lateCount) late, of \(events)")
            }
            guard let watermark = late.latestWatermark, finalWatermarks.contains(watermark) else {
                throw KafkaBenchError(
                    "run \(run): final watermark \(late.latestWatermark.map { "\($0)" } ?? "none"), expected one of "
                        + "\(finalWatermarks.sorted())")
            }
            ours.append(Double(events) / seconds)
            let busy = metrics.vertices.map { "\($0.name) \(String(format: "%.2f", Double($0.busyNanoseconds) / 1e9)) s" }
            log("  run \(run): busy time per vertex: \(busy.joined(separator: ", "))")
            log(
                "  run \(run): \(counts.faults - countsStart.faults) page faults, "
                    + "\(counts.voluntary - countsStart.voluntary) voluntary and "
                    + "\(counts.involuntary - countsStart.involuntary) involuntary context switches")
            log(
                String(
                    format:
                        "  run %d: slipstream pipeline %10.0f events/s (%.2f s, process CPU %.2f s; all %d events out, watermark %lld)",
                    run, ours.last!, seconds, cpu, events, watermark.timestamp))
        }
    }
    let kcatMedian = { (rates: [Double]) in rates.isEmpty ? Double.nan : median(rates) }
    let figures = KafkaFigures(
        eventsPerSecond: median(ours), kcatEventsPerSecond: kcatMedian(theirs[0]),
        pipelineSettingsKcatEventsPerSecond: kcatMedian(theirs[1]), unthrottledKcatEventsPerSecond: kcatMedian(theirs[2]))
    log(String(format: "kafka: pipeline   %10.0f events/s (median)", figures.eventsPerSecond))
    log(String(format: "kafka: kcat       %10.0f events/s (median, raw consume of the same topic)", figures.kcatEventsPerSecond))
    log(String(format: "kafka: kcat       %10.0f events/s (median, with the pipeline's prefetch settings)", figures.pipelineSettingsKcatEventsPerSecond))
    log(String(format: "kafka: kcat       %10.0f events/s (median, unthrottled: prefetch limits lifted)", figures.unthrottledKcatEventsPerSecond))
    log(
        String(
            format: "kafka: ratio      %10.2f (target >= 0.5); %.2f of kcat with the pipeline's settings, %.2f of unthrottled kcat",
            figures.ratio, figures.pipelineSettingsRatio, figures.unthrottledRatio))
    return figures
}

/// The produced backlog: how long it took, the mean payload size, and each partition's highest timestamp.
private struct Backlog {
    var seconds: Double
    var meanBytes: Double
    var partitionMaxima: [Int32: Int64]
}

/// Produces `events` payloads into `bench-in` in large batches and checks that the mock kept every one.
private func produceBacklog(_ kafka: EmbeddedKafka, events: Int, partitions: Int, logger: Logger) throws -> Backlog {
    let payloads = makeDecodeBenchPayloads(count: 10_000)
    let decoder = JSONEventDecoder()
    let timestamps = try payloads.map { try decoder.decode(DecodeBenchEvent.self, from: $0).timestamp }
    var configuration = kafka.producerConfiguration()
    configuration.linger = .milliseconds(50)
    configuration.batchMessages = 10_000
    configuration.queueMaxMessages = 1_000_000
    configuration.acks = .leader
    let producer = try KafkaProducer(configuration: configuration, logger: logger)
    let topic = try producer.topic("bench-in")
    var reports: [KafkaDeliveryReport] = []
    reports.reserveCapacity(events)
    let start = ContinuousClock.now
    var bytes = 0
    for index in 0..<events {
        let payload = payloads[index % payloads.count]
        bytes += payload.count
        // Round-robin over the partitions: librdkafka's sticky partitioning of keyless messages would pile whole
        // batches onto a few partitions, past the mock's retention cap.
        try payload.withUnsafeBytes {
            try producer.send(
                to: topic, partition: Int32(index % partitions), keyBytes: nil, valueBytes: $0, id: UInt64(index))
        }
        if index % 50_000 == 49_999 { producer.poll(into: &reports) }
    }
    try producer.flush(timeout: .seconds(120))
    producer.poll(into: &reports)
    let seconds = (ContinuousClock.now - start).seconds
    guard reports.count == events, reports.allSatisfy(\.isDelivered) else {
        throw KafkaBenchError("backlog: \(reports.filter(\.isDelivered).count) of \(events) delivered")
    }
    var maxima: [Int32: Int64] = [:]
    for report in reports {
        let time = timestamps[Int(report.id) % timestamps.count]
        maxima[report.partition] = max(maxima[report.partition] ?? .min, time)
    }
    let usage = try kafka.partitionUsage().filter { $0.topicPartition.topic == "bench-in" }
    if let dropped = usage.first(where: \.hasDroppedRecords) {
        throw KafkaBenchError("\(dropped) lost its oldest records: use more partitions")
    }
    let held = usage.reduce(0) { $0 + Int($1.watermarks.count) }
    guard held == events else { throw KafkaBenchError("bench-in holds \(held) events, expected \(events)") }
    return Backlog(
        seconds: seconds, meanBytes: Double(bytes) / Double(events), partitionMaxima: maxima)
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

/// A Kafka benchmark run that does not account for every event, or a peer that failed.
struct KafkaBenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
