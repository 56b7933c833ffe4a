import Logging
import SlipstreamKafka

/// The store's producer as the writer thread uses it: sends with ids, collects delivery reports, waits for
/// acknowledgements with a deadline, sends tombstones.
final class KafkaSnapshotSender {
    private let producer: KafkaProducer
    private let topic: KafkaProducerTopic
    private let timeout: Duration
    private let logger: Logger
    private var nextSendID: UInt64 = 1
    private var reports: [UInt64: KafkaDeliveryReport] = [:]
    private var polled: [KafkaDeliveryReport] = []

    init(configuration: KafkaSnapshotStoreConfiguration, logger: Logger) throws(SnapshotStoreError) {
        var producerConfiguration = configuration.producer
        producerConfiguration.deliveryReports = .all
        do {
            producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
            topic = try producer.topic(configuration.topic)
        } catch {
            throw SnapshotStoreError(.writeFailed, "cannot create the snapshot producer: \(error)", underlying: error)
        }
        timeout = configuration.timeout
        self.logger = logger
    }

    /// Queues a record; returns the id its delivery report will carry.
    func send(key: String, value: [UInt8], partition: Int32, snapshotID: Int64) throws(SnapshotStoreError) -> UInt64 {
        let sendID = nextSendID
        nextSendID += 1
        do {
            try producer.send(to: topic, partition: partition, key: key, value: value, id: sendID)
        } catch {
            throw SnapshotStoreError(
                .writeFailed, "cannot send \(key) to \(topic.name)[\(partition)]: \(error)", snapshotID: snapshotID,
                underlying: error)
        }
        collect(timeout: .zero)
        return sendID
    }

    /// Sends a tombstone (a null value) for `key`; failures are logged, the record is merely garbage then.
    func tombstone(key: String, partition: Int32) {
        let failure = Array(key.utf8).withUnsafeBytes { keyBytes -> KafkaError? in
            do throws(KafkaError) {
                try producer.send(to: topic, partition: partition, keyBytes: keyBytes, valueBytes: nil)
                return nil
            } catch {
                return error
            }
        }
        if let failure { logger.warning("cannot tombstone \(key) in \(topic.name)[\(partition)]: \(failure)") }
        collect(timeout: .zero)
    }

    /// Waits until every send in `ids` is acknowledged; returns their reports.
    ///
    /// - Throws: ``SnapshotStoreError/Code/writeFailed`` naming the first failed delivery, or when some are still
    ///   unacknowledged after the configured timeout.
    func awaitDelivery(of ids: Set<UInt64>, snapshotID: Int64) throws(SnapshotStoreError) -> [UInt64: KafkaDeliveryReport] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var missing = ids.filter { reports[$0] == nil }
        while !missing.isEmpty {
            if ContinuousClock.now >= deadline {
                throw SnapshotStoreError(
                    .writeFailed,
                    "\(missing.count) of \(ids.count) records to \(topic.name) unacknowledged after \(timeout) "
                        + "(are the brokers reachable?)",
                    snapshotID: snapshotID)
            }
            collect(timeout: .milliseconds(50))
            missing = missing.filter { reports[$0] == nil }
        }
        var result: [UInt64: KafkaDeliveryReport] = [:]
        for id in ids {
            let report = reports.removeValue(forKey: id)!
            if let error = report.error {
                throw SnapshotStoreError(
                    .writeFailed, "a snapshot record was not delivered to \(topic.name): \(error)",
                    snapshotID: snapshotID, underlying: error)
            }
            result[id] = report
        }
        return result
    }

    /// Flushes what is queued (tombstones), waiting at most the configured timeout.
    func flush() {
        do {
            try producer.flush(timeout: timeout)
        } catch {
            logger.warning("flushing the snapshot producer: \(error)")
        }
        collect(timeout: .zero)
    }

    private func collect(timeout: Duration) {
        producer.poll(timeout: timeout, into: &polled)
        for report in polled where report.id != 0 { reports[report.id] = report }
        polled.removeAll(keepingCapacity: true)
    }
}
