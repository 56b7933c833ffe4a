import Logging
import SlipstreamEngine
import SlipstreamKafka

/// Sends one source instance's dead letters to their destination, counting them.
///
/// A Kafka destination gets a producer of its own, created at the first dead letter (a producer has threads of
/// its own; most sources never need one); ``flush()`` waits for delivery, and a dead letter that cannot be
/// delivered fails the job: losing it silently would hide bad input.
@usableFromInline
final class DeadLetterWriter {
    private let destination: DeadLetterDestination
    private let counter: Counter
    private let logger: Logger
    private let pipeline: String
    private let stage: String
    private let connection: KafkaConnection?
    private var producer: KafkaProducer?
    private var topic: KafkaProducerTopic?
    private var reports: [KafkaDeliveryReport] = []
    /// When ``flushWithoutWaiting(timeout:)`` gives up.
    private var flushDeadline: ContinuousClock.Instant?

    init(
        destination: DeadLetterDestination, connection: KafkaConnection?, context: ProcessorContext, pipeline: String
    ) throws {
        self.destination = destination
        self.counter = context.counters.counter(Counter.Name.deadLetters)
        self.logger = context.logger
        self.pipeline = pipeline
        self.stage = context.vertexName
        self.connection = connection
        if case .kafka(let name) = destination.kind, connection == nil {
            throw PipelineError("dead letters go to topic '\(name)' but no Kafka connection is configured")
        }
    }

    /// The producer and topic of a Kafka destination, made on first use.
    private func kafkaTopic(_ name: String) throws -> (KafkaProducer, KafkaProducerTopic) {
        if let producer, let topic { return (producer, topic) }
        var configuration = KafkaProducerConfiguration(bootstrapServers: connection?.bootstrapServers ?? "")
        configuration.deliveryReports = .errorsOnly
        configuration.linger = .milliseconds(20)
        configuration.properties = connection?.producerProperties ?? [:]
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let topic = try producer.topic(name)
        self.producer = producer
        self.topic = topic
        return (producer, topic)
    }

    /// Sends `letter` on its way (asynchronously for Kafka).
    @usableFromInline
    func write(_ letter: DeadLetter) throws {
        counter.add(1)
        switch destination.kind {
        case .kafka(let name):
            let (producer, topic) = try kafkaTopic(name)
            let headers = letter.headers(pipeline: pipeline, stage: stage)
            try (letter.key ?? []).withUnsafeBytes { key in
                try (letter.payload ?? []).withUnsafeBytes { payload in
                    try producer.send(
                        to: topic, keyBytes: letter.key == nil ? nil : key,
                        valueBytes: letter.payload == nil ? nil : payload, headers: headers,
                        timestamp: letter.timestamp)
                }
            }
            try checkDeliveries(producer.poll(timeout: .zero, into: &reports))
        case .collector(let collector):
            collector.append(letter)
        case .log:
            logger.warning(
                "dead letter from \(letter.origin)\(letter.partition.map { "[\($0)]" } ?? "")@\(letter.offset): \(letter.reason)")
        case .discard:
            break
        }
    }

    /// Waits until every dead letter sent is delivered.
    func flush(timeout: Duration = .seconds(60)) throws {
        guard let producer else { return }
        try producer.flush(timeout: timeout)
        try checkDeliveries(producer.poll(timeout: .zero, into: &reports))
    }

    /// ``flush(timeout:)`` for a cooperative processor, which must not wait: `true` once every dead letter sent
    /// is delivered, `false` to be asked again. Throws if one could not be delivered, or if some are still
    /// undelivered `timeout` after the first call.
    @usableFromInline
    func flushWithoutWaiting(timeout: Duration = .seconds(60)) throws -> Bool {
        guard let producer else { return true }
        try checkDeliveries(producer.poll(timeout: .zero, into: &reports))
        if producer.outstandingMessages == 0 { return true }
        let now = ContinuousClock.now
        let deadline = flushDeadline ?? now.advanced(by: timeout)
        flushDeadline = deadline
        if now >= deadline {
            // Let the producer say what is still in flight.
            try producer.flush(timeout: .zero)
        }
        return false
    }

    private func checkDeliveries(_ count: Int) throws {
        guard count > 0 else { return }
        defer { reports.removeAll(keepingCapacity: true) }
        if let failed = reports.first(where: { !$0.isDelivered }), let error = failed.error {
            throw PipelineError("a dead letter could not be delivered: \(error)", stage: stage)
        }
    }
}
