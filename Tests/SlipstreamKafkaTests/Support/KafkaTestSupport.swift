import Logging
@testable import SlipstreamKafka

/// Logs only critical messages: the tests provoke connection failures on purpose.
let quietLogger: Logger = {
    var logger = Logger(label: "slipstream.kafka.tests")
    logger.logLevel = .critical
    return logger
}()

/// A fresh single-purpose embedded cluster; tests never share one, so they can run in parallel.
func makeCluster(brokers: Int = 1, topics: [EmbeddedKafka.TopicSpec]) throws -> EmbeddedKafka {
    try EmbeddedKafka(brokers: brokers, topics: topics, retentionCheckInterval: nil, logger: quietLogger)
}

/// A producer for the cluster with test-friendly timeouts.
func makeProducer(
    _ kafka: EmbeddedKafka, _ adjust: (inout KafkaProducerConfiguration) -> Void = { _ in }
) throws -> KafkaProducer {
    var configuration = kafka.producerConfiguration()
    configuration.messageTimeout = .seconds(30)
    adjust(&configuration)
    return try KafkaProducer(configuration: configuration, logger: quietLogger)
}

/// A consumer for the cluster reading from the beginning with short group timings.
func makeConsumer(
    _ kafka: EmbeddedKafka, groupID: String? = nil, onRebalance: (@Sendable (KafkaRebalanceEvent) -> Void)? = nil,
    onCommit: (@Sendable (KafkaCommitResult) -> Void)? = nil,
    configure adjust: (inout KafkaConsumerConfiguration) -> Void = { _ in }
) throws -> KafkaConsumer {
    var configuration = kafka.consumerConfiguration(groupID: groupID)
    configuration.heartbeatInterval = .milliseconds(100)
    configuration.sessionTimeout = .seconds(6)
    adjust(&configuration)
    return try KafkaConsumer(
        configuration: configuration, logger: quietLogger, onRebalance: onRebalance, onCommit: onCommit)
}

/// Sends `values` (keyed by `key(index)` when given) and waits until all are delivered; returns the reports.
@discardableResult
func produceAll(
    _ producer: KafkaProducer, topic: String, values: [String], key: ((Int) -> String)? = nil,
    partition: Int32 = KafkaPartition.any
) throws -> [KafkaDeliveryReport] {
    let handle = try producer.topic(topic)
    var reports: [KafkaDeliveryReport] = []
    for (index, value) in values.enumerated() {
        if let key {
            try producer.send(to: handle, partition: partition, key: key(index), value: value, id: UInt64(index))
        } else {
            try producer.send(to: handle, partition: partition, value: value, id: UInt64(index))
        }
        if index % 1000 == 999 { producer.poll(into: &reports) }
    }
    try producer.flush(timeout: .seconds(30))
    producer.poll(into: &reports)
    return reports
}

/// A record copied out of its batch.
struct ReceivedRecord: Hashable {
    var partition: Int32
    var offset: Int64
    var key: String?
    var value: String
}

/// Polls until `count` records arrived or `timeout` passed (then returns what it has).
func drain(
    _ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(30)
) throws -> [ReceivedRecord] {
    var records: [ReceivedRecord] = []
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while records.count < count && ContinuousClock.now < deadline {
        try consumer.poll(timeout: .milliseconds(50)) { batch in
            for record in batch {
                records.append(
                    ReceivedRecord(
                        partition: record.partition, offset: record.offset, key: record.keyString,
                        value: record.valueString ?? ""))
            }
        }
    }
    return records
}

/// Polls for `duration` and returns everything that arrived (to show that nothing more comes).
func pollFor(_ consumer: KafkaConsumer, _ duration: Duration) throws -> [ReceivedRecord] {
    try drain(consumer, count: .max, timeout: duration)
}

/// Collects values from `@Sendable` handlers (rebalance and commit callbacks run on the polling thread).
final class Recorder<Element: Sendable>: @unchecked Sendable {
    private var items: [Element] = []
    private let lock = KafkaLock()

    func append(_ item: Element) { lock.withLock { items.append(item) } }
    var all: [Element] { lock.withLock { items } }
}
