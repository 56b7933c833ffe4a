import SlipstreamEngine
import SlipstreamKafka

/// Writes items to a Kafka topic on a thread of its own: each inbox batch is encoded into a reused buffer and
/// handed to librdkafka in one call, which batches per partition (linger, batch size); delivery reports are
/// checked after every inbox batch.
///
/// How it writes follows the job's processing guarantee:
/// - exactly-once: into the job's shared ``KafkaSinkTransaction``, committed with each snapshot; after a
///   barrier it holds its input back until the snapshot's transaction is committed;
/// - at-least-once: an idempotent producer of its own, flushed before each snapshot can complete, so a restart
///   from the snapshot replays at most what came after it;
/// - none: a producer of its own, flushed on completion.
struct KafkaSinkProcessor<Item>: Processor {
    typealias Output = Never

    private let topicName: String
    private let options: KafkaSinkOptions
    private let connection: KafkaConnection
    private let encode: @Sendable (Item, inout [UInt8]) throws -> Void
    private let key: (@Sendable (Item) -> String?)?
    private let pipeline: String
    private let guarantee: ProcessingGuarantee
    /// Set for exactly-once.
    private let transactionSettings: KafkaSinkTransaction.Settings?
    /// Exactly-once: the shared transaction, joined in `initialize`.
    private var transaction: KafkaSinkTransaction?
    /// Exactly-once: the id sent with each message, telling this sink's messages apart in delivery reports.
    private var reportID: UInt64 = 0

    private var producer: KafkaProducer?
    private var topic: KafkaProducerTopic?
    private var batch = KafkaMessageBatch()
    /// A batch is handed over once it holds this many bytes, so that large messages do not pile up in memory.
    private static var batchBytes: Int { 1 << 20 }
    private var reports: [KafkaDeliveryReport] = []
    private var failures = Counter()
    private var context: ProcessorContext?
    /// Exactly-once: the barrier has passed and the snapshot's transaction is not committed yet.
    private var holding = false
    /// Exactly-once: the successful snapshots this instance has seen (see ``KafkaSinkTransaction/commitSnapshot(round:)``).
    private var successfulRounds = 0
    private var completed = false

    var isCooperative: Bool { false }

    init(
        topic: String, options: KafkaSinkOptions, connection: KafkaConnection,
        encode: @escaping @Sendable (Item, inout [UInt8]) throws -> Void, key: (@Sendable (Item) -> String?)?,
        pipeline: String, guarantee: ProcessingGuarantee, transaction: KafkaSinkTransaction.Settings?
    ) {
        self.topicName = topic
        self.options = options
        self.connection = connection
        self.encode = encode
        self.key = key
        self.pipeline = pipeline
        self.guarantee = guarantee
        self.transactionSettings = transaction
    }

    mutating func initialize(context: ProcessorContext) throws {
        self.context = context
        failures = context.counters.counter(Counter.Name.deliveryFailures)
        if let transactionSettings {
            let joined = try KafkaSinkTransaction.join(transactionSettings, topic: topicName, context: context)
            (transaction, producer, topic, reportID) = (joined.transaction, joined.producer, joined.topic, joined.reportID)
            return
        }
        var configuration = KafkaProducerConfiguration(bootstrapServers: connection.bootstrapServers)
        configuration.clientID = "\(pipeline).\(context.vertexName).\(context.instance)"
        configuration.linger = options.linger
        configuration.batchMessages = options.batchMessages
        configuration.acks = options.acks
        configuration.idempotent = options.idempotent || guarantee != .none
        configuration.compression = options.compression
        configuration.deliveryReports = .errorsOnly
        configuration.properties = connection.producerProperties.merging(options.properties) { $1 }
        let producer = try KafkaProducer(configuration: configuration, logger: context.logger)
        self.producer = producer
        topic = try producer.topic(topicName)
    }

    mutating func process(ordinal: Int, inbox: inout Inbox<Item>, outbox: Outbox<Never>) throws {
        // Items after a barrier belong to the next transaction, which begins once the snapshot's commits.
        guard let producer, let topic, !holding else { return }
        let encode = self.encode
        let key = self.key
        let id = reportID
        // The inbox's items go to librdkafka as one batch (or a few, for large messages): one call per batch
        // instead of one per message.
        // Swapped out rather than copied, so that the buffers stay uniquely referenced: a copy would make the
        // first write of every call allocate them anew.
        var batch = KafkaMessageBatch()
        swap(&batch, &self.batch)
        defer { swap(&batch, &self.batch) }
        batch.removeAll()
        try inbox.drainAll { item in
            if let key, var itemKey = key(item) {
                try itemKey.withUTF8 { keyBytes in
                    try batch.append(key: UnsafeRawBufferPointer(keyBytes)) { bytes in try encode(item, &bytes) }
                }
            } else {
                try batch.append(key: nil) { bytes in try encode(item, &bytes) }
            }
            if batch.byteCount >= Self.batchBytes {
                try producer.send(batch, to: topic, id: id)
                batch.removeAll()
            }
        }
        try producer.send(batch, to: topic, id: id)
        try checkDeliveries(producer.poll(timeout: .zero, into: &reports))
    }

    mutating func tryProcess(outbox: Outbox<Never>) throws -> Bool {
        // Idle: serve delivery reports so they do not pile up.
        if let producer, !holding { try checkDeliveries(producer.poll(timeout: .zero, into: &reports)) }
        return true
    }

    mutating func complete(outbox: Outbox<Never>) throws -> Bool {
        // A barrier just before the end: its snapshot's transaction is decided first.
        if holding { return false }
        if !completed {
            try flush()
            completed = true
            transaction?.markCompleted(vertex: context?.vertexName ?? "")
        }
        // Every sink instance's output must be in before the last transaction commits.
        return try transaction?.commitIfAllCompleted() ?? true
    }

    // MARK: - Snapshots

    mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Never>) throws -> Bool {
        // One instance per vertex records the transaction: they share it.
        guard let transaction, context?.instance == 0 else { return true }
        return snapshot.offer(
            SnapshotEntry(key: KafkaTransactionPosition.entryKey, value: Array(transaction.position.annotation.utf8)))
    }

    mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) throws {
        let key = Array(KafkaTransactionPosition.entryKey.utf8)
        let transaction = self.transaction
        try inbox.drainAll { entry in
            guard entry.key == key else {
                throw PipelineError("the Kafka sink cannot restore an unknown snapshot entry", stage: context?.vertexName)
            }
            // A snapshot of an exactly-once run restored by a job with a weaker guarantee: nothing to continue.
            guard let transaction else { return }
            guard let position = KafkaTransactionPosition(annotation: String(decoding: entry.value, as: UTF8.self))
            else {
                throw PipelineError("the saved Kafka transaction position is malformed", stage: context?.vertexName)
            }
            try transaction.restore(position)
        }
    }

    mutating func snapshotCommitPrepare() throws -> Bool {
        guard guarantee != .none else { return true }
        // Everything before the barrier must be in Kafka before the snapshot can complete.
        try flush()
        if transaction != nil { holding = true }
        return true
    }

    mutating func snapshotCommitFinish(success: Bool) throws -> Bool {
        guard let transaction, holding else { return true }
        if success {
            guard try transaction.commitSnapshot(round: successfulRounds + 1) else { return false }
            successfulRounds += 1
        }
        // A failed snapshot commits nothing: the open transaction extends to the next one.
        holding = false
        return true
    }

    mutating func close() throws {
        transaction?.detach(vertex: context?.vertexName ?? "")
        producer = nil
        topic = nil
    }

    // MARK: - Delivery

    private mutating func flush() throws {
        guard let producer else { return }
        try producer.flush(timeout: options.flushTimeout)
        try checkDeliveries(producer.poll(timeout: .zero, into: &reports))
    }

    private mutating func checkDeliveries(_ count: Int) throws {
        guard count > 0 else { return }
        defer { reports.removeAll(keepingCapacity: true) }
        if let transaction {
            let failed = reports.count(where: { !$0.isDelivered })
            failures.add(failed)
            try transaction.record(reports)
            return
        }
        let failed = reports.filter { !$0.isDelivered }
        guard let first = failed.first else { return }
        failures.add(failed.count)
        let message = "\(failed.count) message(s) to topic '\(topicName)' could not be delivered: \(first.error.map { "\($0)" } ?? "unknown error")"
        switch options.onDeliveryFailure {
        case .failJob: throw PipelineError(message, stage: context?.vertexName)
        case .countAndContinue: context?.logger.error("\(message)")
        }
    }
}
