import Foundation
import Logging
import Slipstream

/// A fresh embedded cluster with the fraud pipeline's topics, sized so that the mock's ~5 MiB per partition
/// keeps every payment and score of the run (checked after producing), and the helpers the runs share.
struct BenchCluster {
    static let payments = "payments"
    static let chargebacks = "chargebacks"
    static let scores = "fraud-scores"
    static let deadLetters = "payments-dead-letters"

    let kafka: EmbeddedKafka
    let logger: Logger

    /// - Parameter paymentPartitions: the payments topic's partitions when it need not keep every payment (it is
    ///   consumed as it is written); by default sized like the scores topic.
    init(events: Int, paymentPartitions: Int? = nil, logger: Logger) throws {
        // ~200 bytes per payment or score, at most ~4 MiB per partition.
        let partitions = max(8, (events * 200 + (4 << 20) - 1) / (4 << 20))
        kafka = try EmbeddedKafka(
            brokers: 3,
            topics: [
                .init(Self.payments, partitions: paymentPartitions ?? partitions), .init(Self.chargebacks, partitions: 4),
                .init(Self.scores, partitions: partitions), .init(Self.deadLetters, partitions: 1),
            ],
            retentionCheckInterval: nil, logger: logger)
        self.logger = logger
    }

    /// A producer with the settings of the peer harness's input producer, idempotent: a retried produce request
    /// (the mock times some out when the box is loaded) must not write a payment twice, or the pipeline would
    /// rightly score it twice and the run could not check "each payment scored once". Delivery reports come for
    /// failures only unless `reportEveryMessage`.
    func producer(linger: Duration, reportEveryMessage: Bool = false) throws -> KafkaProducer {
        var configuration = kafka.producerConfiguration()
        configuration.idempotent = true
        configuration.linger = linger
        configuration.deliveryReports = reportEveryMessage ? .all : .errorsOnly
        configuration.queueMaxMessages = 2_000_000
        return try KafkaProducer(configuration: configuration, logger: logger)
    }

    /// Throws if the mock dropped records of `topic` (its low watermark moved).
    func checkNothingDropped(_ topic: String) throws {
        let dropped = try kafka.partitionUsage().filter { $0.topicPartition.topic == topic && $0.hasDroppedRecords }
        if !dropped.isEmpty {
            throw BenchError("the embedded cluster dropped records of \(dropped.count) partitions of \(topic): use more partitions")
        }
    }

    /// Messages in `topic` now, from the high watermarks.
    func messageCount(_ topic: String, consumer: KafkaConsumer, partitions: Int) throws -> Int {
        // One request per broker, not two per partition: the throughput run asks every 20 ms while it measures.
        let ends = try consumer.endOffsets(
            of: (0..<Int32(partitions)).map { KafkaTopicPartition(topic: topic, partition: $0) }, timeout: .seconds(5))
        return ends.reduce(0) { $0 + Int($1.offset) }
    }

    /// Reads the scores topic from the start to the end it has now, handing each record to `body`; returns the
    /// number of messages. Gives up after `patience` (the figures then show what is missing).
    func readScores(patience: Duration, _ body: (KafkaRecord) -> Void) throws -> Int {
        var configuration = kafka.consumerConfiguration()
        configuration.enableAutoCommit = false
        configuration.fetchWaitMax = .milliseconds(5)
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        defer { try? consumer.close() }
        let partitions = try consumer.partitionCount(of: Self.scores)
        let total = try messageCount(Self.scores, consumer: consumer, partitions: partitions)
        try consumer.assign(
            (0..<Int32(partitions)).map { KafkaTopicPartitionOffset(topic: Self.scores, partition: $0, offset: KafkaOffset.beginning) })
        var read = 0
        let deadline = ContinuousClock.now.advanced(by: patience)
        while read < total && ContinuousClock.now < deadline {
            try consumer.poll(timeout: .milliseconds(100)) { batch in
                for record in batch {
                    read += 1
                    body(record)
                }
            }
        }
        return total
    }

    /// Reads every score and returns how many distinct payment ids it holds and how many messages.
    func distinctScores(expected: Int) throws -> (distinct: Int, messages: Int) {
        var seen = [Bool](repeating: false, count: expected)
        var distinct = 0
        let reader = JSONReader()
        let total = try readScores(patience: .seconds(120)) { record in
            guard let value = record.valueBytes, let index = ScoreID.index(in: value, reader: reader),
                  index < expected, !seen[index]
            else { return }
            seen[index] = true
            distinct += 1
        }
        return (distinct, total)
    }
}

/// The payment number of a score message (`"id":"p-<n>"`).
enum ScoreID {
    static func index(in payload: UnsafeRawBufferPointer, reader: JSONReader) -> Int? {
        guard let fields = try? reader.parseObject(payload), let id = fields["id"]?.string else { return nil }
        return index(of: id)
    }

    /// The payment number and the score's `latency_ms` (the pipeline's own share of the latency).
    static func indexAndLatency(in payload: UnsafeRawBufferPointer, reader: JSONReader) -> (Int, Double)? {
        guard let fields = try? reader.parseObject(payload), let id = fields["id"]?.string,
              let index = index(of: id), let latency = fields["latency_ms"]?.double
        else { return nil }
        return (index, latency)
    }

    private static func index(of id: JSONBytes) -> Int? {
        guard id.count > 2 else { return nil }
        var value = 0
        for byte in id.dropFirst(2) {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
