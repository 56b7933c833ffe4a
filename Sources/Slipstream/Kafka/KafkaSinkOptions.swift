import SlipstreamKafka

/// Settings of a Kafka sink; every property has a default fit for a long-running pipeline.
public struct KafkaSinkOptions: Sendable {
    /// What happens when a message cannot be delivered after librdkafka's own retries.
    public enum DeliveryFailurePolicy: Sendable, Hashable {
        /// Fail the job, naming the sink and the error (nothing is lost silently).
        case failJob
        /// Count it (`deliveryFailures`), log it, and go on.
        case countAndContinue
    }

    /// What a failed delivery does. Default: ``DeliveryFailurePolicy/failJob``.
    public var onDeliveryFailure: DeliveryFailurePolicy = .failJob

    /// How long messages wait to form a batch (`linger.ms`). Default: 5 ms.
    public var linger: Duration = .milliseconds(5)

    /// Most messages per batch (`batch.num.messages`). Default: 10,000.
    public var batchMessages = 10_000

    /// Acknowledgements (`acks`). Default: all in-sync replicas.
    public var acks: KafkaAcks = .all

    /// Idempotent delivery: no duplicates from retries. Default: `true`.
    public var idempotent = true

    /// Compression. Default: none.
    public var compression: KafkaCompression = .none

    /// How long completion waits for the last messages to be delivered. Default: 60 s.
    public var flushTimeout: Duration = .seconds(60)

    /// The cluster, when not the pipeline's ``PipelineConfiguration/kafka``.
    public var connection: KafkaConnection?

    /// Extra librdkafka producer properties, applied last.
    public var properties: [String: String] = [:]

    /// Creates the default options.
    public init() {}
}
