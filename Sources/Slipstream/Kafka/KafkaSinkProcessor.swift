import SlipstreamEngine
import SlipstreamKafka

/// Writes items to a Kafka topic on a thread of its own: each item is encoded into a reused buffer and handed
/// to librdkafka, which batches (linger, batch size); delivery failures are checked after every inbox batch;
/// completion and snapshots flush.
struct KafkaSinkProcessor<Item>: Processor {
    typealias Output = Never

    private let topicName: String
    private let options: KafkaSinkOptions
    private let connection: KafkaConnection
    private let encode: @Sendable (Item, inout [UInt8]) throws -> Void
    private let key: (@Sendable (Item) -> String?)?
    private let pipeline: String

    private var producer: KafkaProducer?
    private var topic: KafkaProducerTopic?
    private var value: [UInt8] = []
    private var reports: [KafkaDeliveryReport] = []
    private var failures = Counter()
    private var context: ProcessorContext?

    var isCooperative: Bool { false }

    init(
        topic: String, options: KafkaSinkOptions, connection: KafkaConnection,
        encode: @escaping @Sendable (Item, inout [UInt8]) throws -> Void, key: (@Sendable (Item) -> String?)?,
        pipeline: String
    ) {
        self.topicName = topic
        self.options = options
        self.connection = connection
        self.encode = encode
        self.key = key
        self.pipeline = pipeline
    }

    mutating func initialize(context: ProcessorContext) throws {
        self.context = context
        failures = context.counters.counter(Counter.Name.deliveryFailures)
        var configuration = KafkaProducerConfiguration(bootstrapServers: connection.bootstrapServers)
        configuration.clientID = "\(pipeline).\(context.vertexName).\(context.instance)"
        configuration.linger = options.linger
        configuration.batchMessages = options.batchMessages
        configuration.acks = options.acks
        configuration.idempotent = options.idempotent
        configuration.compression = options.compression
        configuration.deliveryReports = .errorsOnly
        configuration.properties = connection.producerProperties.merging(options.properties) { $1 }
        let producer = try KafkaProducer(configuration: configuration, logger: context.logger)
        self.producer = producer
        topic = try producer.topic(topicName)
        value.reserveCapacity(512)
    }

    mutating func process(ordinal: Int, inbox: inout Inbox<Item>, outbox: Outbox<Never>) throws {
        guard let producer, let topic else { return }
        let encode = self.encode
        let key = self.key
        var value = self.value
        defer { self.value = value }
        try inbox.drainAll { item in
            value.removeAll(keepingCapacity: true)
            try encode(item, &value)
            if let key, let itemKey = key(item) {
                try producer.send(to: topic, key: itemKey, value: value)
            } else {
                try value.withUnsafeBytes { bytes in try producer.send(to: topic, keyBytes: nil, valueBytes: bytes) }
            }
        }
        try checkDeliveries(producer.poll(timeout: .zero, into: &reports))
    }

    mutating func complete(outbox: Outbox<Never>) throws -> Bool {
        try flush()
        return true
    }

    mutating func snapshotCommitPrepare() throws -> Bool {
        // Everything before the barrier must be in Kafka before the snapshot can be the restore point.
        try flush()
        return true
    }

    private mutating func flush() throws {
        guard let producer else { return }
        try producer.flush(timeout: options.flushTimeout)
        try checkDeliveries(producer.poll(timeout: .zero, into: &reports))
    }

    private mutating func checkDeliveries(_ count: Int) throws {
        guard count > 0 else { return }
        defer { reports.removeAll(keepingCapacity: true) }
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
