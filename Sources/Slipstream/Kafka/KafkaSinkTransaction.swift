import Foundation
import Logging
import SlipstreamEngine
import SlipstreamKafka

/// The Kafka transaction of a job's exactly-once Kafka sinks: one transactional producer per transactional id,
/// shared by every instance of every sink vertex that uses the id (by default all the job's Kafka sinks), so
/// that everything the job wrote between two snapshots commits at once — a single decision point per snapshot.
///
/// ## The protocol
/// 1. Each instance writes the items before a snapshot's barrier into the open transaction; at the barrier it
///    flushes them (``Processor/snapshotCommitPrepare()``) and holds the items after the barrier back.
/// 2. Once every processor has saved, the snapshot store makes the snapshot durable, tentatively: the
///    snapshot names this transaction (``KafkaTransactionPosition``).
/// 3. The first instance told of the success (``Processor/snapshotCommitFinish(success:)``) writes the commit
///    record (``KafkaSinkCommit``) to the transaction log, commits, and begins the next transaction; the
///    instances then release what they held.
/// The Kafka commit is the decision: a restart reads the last committed log record and restores the snapshot
/// that names it. A crash before the commit leaves a durable snapshot that no committed record names — it is
/// discarded and the previous one restored, whose replay rewrites the aborted output; a crash after the commit
/// restores the new snapshot, whose output is committed. A restarted process fences the dead one (same
/// transactional id) and its open transaction is aborted.
///
/// A snapshot that fails (its store write failed) commits nothing: the open transaction simply extends to the
/// next successful snapshot. A delivery failure or a failed commit fails the job; the restart then restores the
/// last committed snapshot.
///
/// Threading: instances call it from their own threads; every method takes the lock, once per inbox batch at
/// most, never per item (sending needs no lock: the producer is thread-safe).
final class KafkaSinkTransaction: @unchecked Sendable {
    // Every mutable member is guarded by `lock`.

    /// How the transaction is set up; fixed when the pipeline is planned. Sinks sharing a transactional id must
    /// share the transaction log; the other options are the first sink's.
    struct Settings: Sendable {
        var logTopic: String
        var transactionalID: String
        var connection: KafkaConnection
        var options: KafkaSinkOptions
        var pipeline: String
    }

    /// The delivery-report id of the commit record, so that it is not counted as output.
    private static let commitRecordID: UInt64 = 1
    /// The delivery-report id of the first output topic; the others follow.
    private static let firstOutputID: UInt64 = 2

    /// The transactions of the running jobs of this process, by transactional id.
    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var registry: [String: KafkaSinkTransaction] = [:]

    let settings: Settings
    private let lock = NSLock()
    private var producer: KafkaProducer?
    /// The output topics, by delivery-report id − 2.
    private var outputs: [KafkaProducerTopic] = []
    private var log: KafkaProducerTopic?
    private var logger = Logger(label: "slipstream.kafka.sink")
    /// Instances that joined, completed and left, by vertex (with the vertex's parallelism): the last to
    /// complete commits, the last to leave closes.
    private var members: [String: (parallelism: Int, joined: Int, completed: Int, left: Int)] = [:]
    private var inTransaction = false
    private var lineage = String(UInt64.random(in: 1...UInt64.max), radix: 16).leftPadded(to: 16)
    private var committedEpoch: Int64 = 0
    /// Successful snapshots whose transaction is committed (instances count theirs to find who commits).
    private var committedRounds = 0
    /// The commit record of the transaction being committed, once sent (a retried commit does not resend it).
    private var commitRecordSent = false
    /// The output offsets of the open transaction, by output index and partition.
    private var ranges: [Int: [Int32: (first: Int64, last: Int64)]] = [:]

    private init(settings: Settings) {
        self.settings = settings
    }

    /// Joins a sink instance writing to `topic` to the transaction of `settings.transactionalID`, creating it
    /// for the first. Returns the transaction, its producer, the topic handle and the delivery-report id to send
    /// with (it tells the outputs apart in delivery reports).
    static func join(_ settings: Settings, topic: String, context: ProcessorContext) throws -> (
        transaction: KafkaSinkTransaction, producer: KafkaProducer, topic: KafkaProducerTopic, reportID: UInt64
    ) {
        let transaction = registryLock.withLock {
            if let known = registry[settings.transactionalID] { return known }
            let created = KafkaSinkTransaction(settings: settings)
            registry[settings.transactionalID] = created
            return created
        }
        guard transaction.settings.logTopic == settings.logTopic else {
            throw PipelineError(
                "the Kafka sinks sharing transactional id '\(settings.transactionalID)' name different transaction logs ('\(transaction.settings.logTopic)', '\(settings.logTopic)'): give them the same one",
                stage: context.vertexName)
        }
        let (producer, handle, reportID) = try transaction.attach(topic: topic, context: context)
        return (transaction, producer, handle, reportID)
    }

    /// Where the output stands now: the open transaction, which the next snapshot names.
    var position: KafkaTransactionPosition {
        lock.withLock {
            KafkaTransactionPosition(
                transactionalID: settings.transactionalID, logTopic: settings.logTopic, lineage: lineage,
                epoch: committedEpoch + 1)
        }
    }

    /// Joins an instance. The first creates the transactional producer, which fences any earlier producer with
    /// the same transactional id (aborting its open transaction), and begins a transaction.
    private func attach(topic name: String, context: ProcessorContext) throws -> (KafkaProducer, KafkaProducerTopic, UInt64) {
        try lock.withLock {
            let producer = try self.producer ?? start(context: context)
            members[context.vertexName, default: (context.parallelism, 0, 0, 0)].joined += 1
            let handle = try producer.topic(name)
            if let index = outputs.firstIndex(where: { $0.name == name }) {
                return (producer, handle, UInt64(index) + Self.firstOutputID)
            }
            outputs.append(handle)
            return (producer, handle, UInt64(outputs.count - 1) + Self.firstOutputID)
        }
    }

    private func start(context: ProcessorContext) throws -> KafkaProducer {
        logger = context.logger
        let options = settings.options
        var configuration = KafkaProducerConfiguration(bootstrapServers: settings.connection.bootstrapServers)
        configuration.clientID = "\(settings.pipeline).\(settings.transactionalID)"
        configuration.transactionalID = settings.transactionalID
        configuration.linger = options.linger
        configuration.batchMessages = options.batchMessages
        configuration.acks = .all
        configuration.compression = options.compression
        configuration.deliveryReports = .all
        configuration.properties = ["transaction.timeout.ms": "\(options.transactionTimeout.components.seconds * 1000)"]
            .merging(settings.connection.producerProperties) { $1 }.merging(options.properties) { $1 }
        let producer = try KafkaProducer(configuration: configuration, logger: context.logger)
        try producer.initTransactions(timeout: options.flushTimeout)
        try producer.beginTransaction()
        inTransaction = true
        log = try producer.topic(settings.logTopic)
        self.producer = producer
        return producer
    }

    /// Continues the lineage of a restored snapshot: its transaction committed (that is why it was restored), so
    /// the open one is the next.
    func restore(_ restored: KafkaTransactionPosition) throws {
        guard restored.transactionalID == settings.transactionalID else {
            throw PipelineError(
                "the snapshot was written with transactional id '\(restored.transactionalID)', this sink uses '\(settings.transactionalID)': restore with the same settings, or start fresh")
        }
        lock.withLock {
            lineage = restored.lineage
            committedEpoch = restored.epoch
        }
    }

    /// Takes delivery reports (of any instance: the producer is shared) into the transaction's offset ranges;
    /// throws on a failed delivery, which dooms the transaction.
    func record(_ reports: [KafkaDeliveryReport]) throws {
        guard !reports.isEmpty else { return }
        try lock.withLock { try recordLocked(reports) }
    }

    private func recordLocked(_ reports: [KafkaDeliveryReport]) throws {
        for report in reports where report.id != Self.commitRecordID {
            let output = Int(report.id &- Self.firstOutputID)
            guard report.isDelivered else {
                let topic = outputs.indices.contains(output) ? outputs[output].name : settings.logTopic
                throw PipelineError(
                    "a message to topic '\(topic)' could not be delivered inside the Kafka transaction (\(report.error.map { "\($0)" } ?? "unknown error")); the transaction is lost and the job must restart from its last committed snapshot")
            }
            if let known = ranges[output]?[report.partition] {
                ranges[output]![report.partition] = (min(known.first, report.offset), max(known.last, report.offset))
            } else {
                ranges[output, default: [:]][report.partition] = (report.offset, report.offset)
            }
        }
    }

    /// Commits the open transaction for the instance's `round`-th successful snapshot, unless another instance
    /// already has; returns `false` when a retriable error (a broker away) asks to be called again.
    func commitSnapshot(round: Int) throws -> Bool {
        try lock.withLock {
            guard round > committedRounds, inTransaction else { return true }
            guard try commitLocked(reason: "snapshot") else { return false }
            committedRounds = round
            try producer?.beginTransaction()
            inTransaction = producer != nil
            return true
        }
    }

    /// Records that an instance of `vertex` has had all of its input (call once per instance).
    func markCompleted(vertex: String) {
        lock.withLock { members[vertex]?.completed += 1 }
    }

    /// Once every instance of every sink sharing the transaction has completed, commits what was written since
    /// the last snapshot (the first caller does; the others find it done). Returns `false` when the commit must
    /// be retried.
    func commitIfAllCompleted() throws -> Bool {
        try lock.withLock {
            guard inTransaction, members.values.allSatisfy({ $0.completed == $0.parallelism }) else { return true }
            guard try commitLocked(reason: "completed") else { return false }
            inTransaction = false
            return true
        }
    }

    private func commitLocked(reason: String) throws -> Bool {
        guard let producer, let log else { return true }
        let timeout = settings.options.flushTimeout
        var reports: [KafkaDeliveryReport] = []
        do {
            try producer.flush(timeout: timeout)
            producer.poll(timeout: .zero, into: &reports)
            try recordLocked(reports)
            if !commitRecordSent {
                var held: [KafkaSinkCommit.Range] = []
                for (output, partitions) in ranges where outputs.indices.contains(output) {
                    for (partition, range) in partitions {
                        held.append(.init(topic: outputs[output].name, partition: partition, first: range.first, last: range.last))
                    }
                }
                held.sort { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
                let commit = KafkaSinkCommit(
                    transactionalID: settings.transactionalID, lineage: lineage, epoch: committedEpoch + 1, ranges: held,
                    reason: reason, committedAtMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
                try producer.send(
                    to: log, key: settings.transactionalID, value: try commit.jsonBytes(), id: Self.commitRecordID)
                commitRecordSent = true
            }
            try producer.commitTransaction(timeout: timeout)
        } catch let error as KafkaError where error.isRetriable && !error.requiresTransactionAbort && !error.isFatal {
            logger.warning("committing Kafka transaction \(committedEpoch + 1) failed, retrying: \(error)")
            return false
        } catch {
            throw PipelineError(
                "committing Kafka transaction \(committedEpoch + 1) of '\(settings.transactionalID)' failed: \(error); the job must restart from its last committed snapshot")
        }
        committedEpoch += 1
        commitRecordSent = false
        ranges.removeAll(keepingCapacity: true)
        return true
    }

    /// Leaves; the last instance out aborts a transaction still open (the job was cancelled or failed: its output
    /// since the last committed snapshot is replayed on restart) and closes the producer.
    func detach(vertex: String) {
        lock.withLock {
            members[vertex]?.left += 1
            guard members.values.allSatisfy({ $0.left == $0.joined }), let producer else { return }
            if inTransaction { try? producer.abortTransaction(timeout: .seconds(5)) }
            inTransaction = false
            self.producer = nil
            outputs = []
            log = nil
            Self.registryLock.withLock {
                if Self.registry[settings.transactionalID] === self { Self.registry[settings.transactionalID] = nil }
            }
        }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
