import Logging
import SlipstreamKafka

/// Writes test input to, and reads pipeline output from, topics of an ``EmbeddedKafka``.
public struct TestTopics: Sendable {
    /// The cluster.
    public let kafka: EmbeddedKafka
    private let logger: Logger

    /// Helpers for `kafka`; librdkafka's own log is kept to errors.
    public init(_ kafka: EmbeddedKafka) {
        self.kafka = kafka
        var logger = Logger(label: "slipstream.testkit")
        logger.logLevel = .error
        self.logger = logger
    }

    /// Sends every message (key and value, `nil` for none) to `topic` and waits until all are delivered.
    ///
    /// - Returns: one report per message, in message order (the report's `id` is the message's index).
    /// - Throws: a `KafkaError`, or when a message could not be delivered.
    @discardableResult
    public func produce(
        _ messages: [(key: String?, value: [UInt8]?)], to topic: String, timestamp: ((Int) -> Int64)? = nil
    ) throws -> [KafkaDeliveryReport] {
        var configuration = kafka.producerConfiguration()
        configuration.messageTimeout = .seconds(30)
        configuration.linger = .milliseconds(2)
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let handle = try producer.topic(topic)
        var reports: [KafkaDeliveryReport] = []
        for (index, message) in messages.enumerated() {
            let stamp = timestamp?(index)
            try (message.value ?? []).withUnsafeBytes { value in
                try Array((message.key ?? "").utf8).withUnsafeBytes { key in
                    try producer.send(
                        to: handle, keyBytes: message.key == nil ? nil : key,
                        valueBytes: message.value == nil ? nil : value, timestamp: stamp, id: UInt64(index))
                }
            }
            if index % 1000 == 999 { producer.poll(into: &reports) }
        }
        try producer.flush(timeout: .seconds(30))
        producer.poll(into: &reports)
        if let failed = reports.first(where: { !$0.isDelivered }), let error = failed.error {
            throw error
        }
        return reports.sorted { $0.id < $1.id }
    }

    /// Sends every string value (keyed by `key(index)` when given) to `topic`; see ``produce(_:to:timestamp:)``.
    @discardableResult
    public func produce(
        _ values: [String], to topic: String, key: ((Int) -> String)? = nil, timestamp: ((Int) -> Int64)? = nil
    ) throws -> [KafkaDeliveryReport] {
        try produce(
            values.enumerated().map { (key: key?($0.offset), value: Array($0.element.utf8)) }, to: topic,
            timestamp: timestamp)
    }

    /// Reads `topic` from the beginning of every partition until `count` records arrived, or `timeout` passed
    /// and then returns what arrived; then reads a little longer to catch records beyond `count`.
    public func read(_ topic: String, count: Int, timeout: Duration = .seconds(30)) throws -> [TopicRecord] {
        let consumer = try KafkaConsumer(configuration: kafka.consumerConfiguration(), logger: logger)
        defer { try? consumer.close() }
        let partitions = try consumer.partitionCount(of: topic)
        try consumer.assign(
            (0..<partitions).map {
                KafkaTopicPartitionOffset(topic: topic, partition: Int32($0), offset: KafkaOffset.beginning)
            })
        var records: [TopicRecord] = []
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var extra = 0
        while ContinuousClock.now < deadline && extra < 5 {
            if records.count >= count { extra += 1 }
            try consumer.poll(timeout: .milliseconds(50)) { batch in
                for record in batch {
                    records.append(
                        TopicRecord(
                            partition: record.partition, offset: record.offset, key: record.key, value: record.value,
                            headers: record.headers, timestamp: record.timestamp))
                }
            }
        }
        return records
    }
}
