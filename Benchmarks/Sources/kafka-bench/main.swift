// kafka-bench: produce and consume N messages of ~200 bytes on the embedded cluster with SlipstreamKafka, and
// with kcat on the same cluster in the same run; prints msgs/s for both, the ratios, and a JSON line last.
//
//   swift run -c release --package-path Benchmarks kafka-bench [--messages N] [--partitions P] [--brokers B]
//                                                               [--repeats R (default 3)]
//
// Produce: both sides send the same file of key<TAB>value lines (read within the timing) with linger.ms=5 and the
// random partitioner, spread over enough partitions that the mock's ~5 MiB cap drops nothing (checked with the
// watermarks), until every delivery is acknowledged. Consume: both read the topic our producer wrote, from the
// beginning to the end of every partition; kcat writes the payloads to /dev/null, our consumer reads each
// payload's length and last byte. Times include client start-up (process start for kcat). The order of the two
// sides alternates between runs; the figures are medians. The machine may be shared: compare the ratios.
import BenchSupport
import Foundation
import Logging
import SlipstreamKafka

struct Settings {
    var messages = 1_000_000
    var partitions: Int? = nil
    var brokers = 3
    var repeats = 3

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let text = iterator.next(), let value = Int(text), value > 0 else {
                throw BenchError("\(flag) wants a positive integer")
            }
            switch flag {
            case "--messages": messages = value
            case "--partitions": partitions = value
            case "--brokers": brokers = value
            case "--repeats": repeats = value
            default: throw BenchError("unknown option \(flag) (known: --messages --partitions --brokers --repeats)")
            }
        }
    }
}

struct Run {
    var produce: Double
    var kcatProduce: Double
    var consume: Double
    var kcatConsume: Double
}

/// 1234567.8 -> "1,234,568".
func rate(_ value: Double) -> String {
    let digits = String(Int(value.rounded()))
    var result = ""
    for (index, character) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(character)
    }
    return result
}

/// Checks that a topic holds exactly `count` messages from offset 0 (the mock drops old data past ~5 MiB per
/// partition, which would show as a low watermark above 0).
func checkIntact(_ kafka: EmbeddedKafka, topic: String, count: Int) throws -> [KafkaWatermarks] {
    let usage = try kafka.partitionUsage().filter { $0.topicPartition.topic == topic }
    let held = usage.reduce(0) { $0 + Int($1.watermarks.count) }
    if let dropped = usage.first(where: \.hasDroppedRecords) {
        throw BenchError("\(dropped.topicPartition) lost its oldest records (low watermark \(dropped.watermarks.low)): use more partitions")
    }
    guard held == count else { throw BenchError("topic \(topic) holds \(held) messages, expected \(count)") }
    return usage.map(\.watermarks)
}

func runOnce(_ settings: Settings, partitions: Int, file: String, index: Int, logger: Logger) throws -> Run {
    let kafka = try EmbeddedKafka(
        brokers: settings.brokers,
        topics: [.init("ours", partitions: partitions), .init("theirs", partitions: partitions)],
        retentionCheckInterval: nil, logger: logger)
    defer { kafka.shutdown() }
    let kcat = try KafkaKcatRunner(bootstrapServers: kafka.bootstrapServers)
    let n = settings.messages

    // Produce: alternate who goes first from run to run, so neither always gets the quieter machine.
    var ours = 0.0
    var theirs = 0.0
    for side in index % 2 == 0 ? [0, 1] : [1, 0] {
        if side == 0 {
            let result = try SlipstreamRuns.produce(bootstrap: kafka.bootstrapServers, topic: "ours", file: file, logger: logger)
            guard result.delivered == n else { throw BenchError("delivered \(result.delivered) of \(n)") }
            ours = result.seconds
        } else {
            theirs = try kcat.produce(topic: "theirs", file: file)
        }
    }
    _ = try checkIntact(kafka, topic: "ours", count: n)
    _ = try checkIntact(kafka, topic: "theirs", count: n)

    // Consume: both read the topic our producer wrote (same batching, see the mock's fetch caveat).
    var oursConsume = 0.0
    var theirsConsume = 0.0
    for side in index % 2 == 0 ? [1, 0] : [0, 1] {
        if side == 0 {
            let result = try SlipstreamRuns.consume(
                bootstrap: kafka.bootstrapServers, topic: "ours", partitions: partitions, count: n, logger: logger)
            guard result.received == n else { throw BenchError("consumed \(result.received) of \(n)") }
            oursConsume = result.seconds
        } else {
            let result = try kcat.consume(topic: "ours")
            let read = result.endOffsets.values.reduce(0, +)
            guard result.endOffsets.count == partitions, read == Int64(n) else {
                throw BenchError("kcat reached the end of \(result.endOffsets.count) partitions at \(read) messages, expected \(n)")
            }
            theirsConsume = result.seconds
        }
    }
    return Run(
        produce: Double(n) / ours, kcatProduce: Double(n) / theirs, consume: Double(n) / oursConsume,
        kcatConsume: Double(n) / theirsConsume)
}

do {
    let settings = try Settings(CommandLine.arguments)
    var logger = Logger(label: "kafka-bench") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = .warning
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-bench-\(getpid()).kv").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    let (bytes, valueBytes) = try BenchData.write(count: settings.messages, to: file)
    // Keep every partition under ~4 MiB of the mock's ~5 MiB cap.
    let partitions = settings.partitions ?? max(8, (bytes + (4 << 20) - 1) / (4 << 20))
    print("kafka-bench: \(rate(Double(settings.messages))) messages, values \(valueBytes / settings.messages) bytes on average, \(settings.brokers) brokers, \(partitions) partitions per topic, librdkafka mock, \(settings.repeats) run(s); machine shared, compare ratios")
    var runs: [Run] = []
    for index in 0..<settings.repeats {
        let run = try runOnce(settings, partitions: partitions, file: file, index: index, logger: logger)
        runs.append(run)
        print("run \(index + 1): produce \(rate(run.produce)) msg/s (kcat \(rate(run.kcatProduce)), ratio \(String(format: "%.2f", run.produce / run.kcatProduce))); consume \(rate(run.consume)) msg/s (kcat \(rate(run.kcatConsume)), ratio \(String(format: "%.2f", run.consume / run.kcatConsume)))")
    }
    let produce = median(runs.map(\.produce))
    let kcatProduce = median(runs.map(\.kcatProduce))
    let consume = median(runs.map(\.consume))
    let kcatConsume = median(runs.map(\.kcatConsume))
    let produceRatio = median(runs.map { $0.produce / $0.kcatProduce })
    let consumeRatio = median(runs.map { $0.consume / $0.kcatConsume })
    print("produce: slipstream \(rate(produce)) msg/s, kcat \(rate(kcatProduce)) msg/s, ratio \(String(format: "%.2f", produceRatio)) (medians of \(runs.count) runs; the ratio is the median of the per-run ratios)")
    print("consume: slipstream \(rate(consume)) msg/s, kcat \(rate(kcatConsume)) msg/s, ratio \(String(format: "%.2f", consumeRatio)) (medians of \(runs.count) runs; the ratio is the median of the per-run ratios)")
    let json: [String: Any] = [
        "bench": "kafka", "messages": settings.messages, "partitions": partitions, "brokers": settings.brokers,
        "repeats": runs.count, "value_bytes_avg": valueBytes / settings.messages,
        "produce_msgs_per_s": produce.rounded(), "consume_msgs_per_s": consume.rounded(),
        "kcat_produce_msgs_per_s": kcatProduce.rounded(), "kcat_consume_msgs_per_s": kcatConsume.rounded(),
        "produce_ratio": (produceRatio * 1000).rounded() / 1000, "consume_ratio": (consumeRatio * 1000).rounded() / 1000,
        "ok": true,
    ]
    let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("kafka-bench: \(error)\n".utf8))
    print("{\"bench\":\"kafka\",\"ok\":false,\"error\":\"\(String(describing: error).replacingOccurrences(of: "\"", with: "'"))\"}")
    exit(1)
}
