import Logging
import SlipstreamKafka

/// Reads an exactly-once Kafka sink's transaction log (see ``KafkaSinkCommit``) to learn which of its
/// transactions committed last: the decision a restarting job needs before choosing its snapshot.
public enum KafkaTransactionLog {
    /// Fences every earlier producer with `position`'s transactional id — a process that may still be running
    /// its last transaction, or left it open when it died — then returns the last commit record of that id in
    /// the log, or `nil` when it never committed.
    ///
    /// Fencing first matters on a real cluster: it aborts the earlier producer's open transaction, so the log
    /// can be read to its end with `read_committed`, and nothing that process still sends can commit.
    ///
    /// - Throws: a `KafkaError` or ``PipelineError`` when the cluster cannot be reached or the log read to its end within `timeout`;
    ///   deciding without the log could lose or repeat results.
    public static func lastCommit(
        of position: KafkaTransactionPosition, connection: KafkaConnection, timeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "slipstream.kafka.transactions")
    ) throws -> KafkaSinkCommit? {
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: connection.bootstrapServers)
        producerConfiguration.transactionalID = position.transactionalID
        producerConfiguration.clientID = "slipstream-fence"
        // It sends nothing; librdkafka only wants the message timeout within the transaction timeout (60 s).
        producerConfiguration.messageTimeout = .seconds(30)
        producerConfiguration.properties = connection.producerProperties
        let fence = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        try fence.initTransactions(timeout: timeout)

        var configuration = KafkaConsumerConfiguration(bootstrapServers: connection.bootstrapServers)
        configuration.isolationLevel = .readCommitted
        configuration.enableAutoCommit = false
        configuration.reportEndOfPartition = true
        configuration.fetchWaitMax = .milliseconds(10)
        configuration.clientID = "slipstream-transaction-log"
        configuration.properties = connection.consumerProperties
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        defer { try? consumer.close() }
        let topic = position.logTopic
        let partitions = try consumer.partitionCount(of: topic, timeout: timeout)
        var open: Set<Int32> = []
        var starts: [KafkaTopicPartitionOffset] = []
        for partition in 0..<Int32(partitions) {
            let marks = try consumer.watermarks(topic: topic, partition: partition, timeout: timeout)
            guard marks.high > marks.low else { continue }
            open.insert(partition)
            starts.append(KafkaTopicPartitionOffset(topic: topic, partition: partition, offset: marks.low))
        }
        guard !open.isEmpty else { return nil }
        try consumer.assign(starts)
        // The record key is the transactional id, so one partition holds all of a sink's records, in order.
        var last: KafkaSinkCommit?
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while !open.isEmpty {
            guard ContinuousClock.now < deadline else {
                throw PipelineError("the transaction log '\(topic)' could not be read to its end within \(timeout)")
            }
            try consumer.poll(timeout: .milliseconds(100)) { batch in
                for record in batch {
                    guard record.keyString == position.transactionalID, let value = record.valueBytes,
                        let commit = KafkaSinkCommit(json: value), commit.transactionalID == position.transactionalID
                    else { continue }
                    last = commit
                }
                for end in batch.reachedEnd { open.remove(end.partition) }
            }
        }
        return last
    }
}
