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

    /// What a failed delivery does. Default: ``DeliveryFailurePolicy/failJob``. An exactly-once sink always
    /// fails the job: the transaction holding the message is lost, and the restart replays it.
    public var onDeliveryFailure: DeliveryFailurePolicy = .failJob

    /// How long messages wait to form a batch (`linger.ms`). Default: 5 ms.
    ///
    /// Latency against throughput: each message may wait this long, and longer waits make fewer, larger produce
    /// requests. On the embedded cluster a Kafka-to-Kafka pipeline writing a million keyed messages over 64
    /// partitions moved about 4% more per second with 25 ms than with 5 ms.
    public var linger: Duration = .milliseconds(5)

    /// Most messages per batch (`batch.num.messages`). Default: 10,000.
    public var batchMessages = 10_000

    /// Acknowledgements (`acks`). Default: all in-sync replicas.
    public var acks: KafkaAcks = .all

    /// Idempotent delivery: no duplicates from retries. Default: `true`. At-least-once and exactly-once jobs
    /// always produce idempotently.
    public var idempotent = true

    /// Compression. Default: none.
    public var compression: KafkaCompression = .none

    /// How long completion waits for the last messages to be delivered. Default: 60 s.
    public var flushTimeout: Duration = .seconds(60)

    /// The topic of the transaction log an exactly-once sink writes one commit record to per transaction
    /// (see ``KafkaSinkCommit``): a job restarting reads its last record to choose the snapshot to restore.
    /// Create it with one partition (compaction or a retention of a few days is fine); several jobs may share
    /// it. Sinks sharing a transactional id must name the same log. Default: `nil`, `<pipeline>-transactions`.
    public var transactionLogTopic: String?

    /// The `transactional.id` of an exactly-once sink. It must stay the same across restarts of the job, so
    /// that a restarted process fences the one it replaces and aborts its open transaction, and differ between
    /// jobs. The job's sinks with the same id share one transaction, so that they commit together. Default:
    /// `nil`, `<pipeline>.kafka-sinks` (all the job's Kafka sinks share it).
    public var transactionalID: String?

    /// How long an exactly-once sink's transaction may stay open (`transaction.timeout.ms`; the broker caps it
    /// at its `transaction.max.timeout.ms`, 15 minutes by default). A transaction spans from one successful
    /// snapshot to the next, so this must exceed the snapshot interval plus the time snapshots may keep failing
    /// before the job should give up. Default: 10 minutes.
    public var transactionTimeout: Duration = .seconds(600)

    /// The cluster, when not the pipeline's ``PipelineConfiguration/kafka``.
    public var connection: KafkaConnection?

    /// Extra librdkafka producer properties, applied last.
    public var properties: [String: String] = [:]

    /// Creates the default options.
    public init() {}
}
