import Foundation
import Logging
import SlipstreamEngine

/// How a pipeline runs: where Kafka is, how many worker threads, and the engine's job settings.
///
/// Nothing here changes what the pipeline computes; the same pipeline runs against an embedded or a real
/// Kafka, on one thread or many.
public struct PipelineConfiguration: Sendable {
    /// The Kafka cluster that Kafka sources and sinks use unless they name their own. Default: `nil` (a
    /// pipeline with Kafka stages then fails to start, saying so).
    public var kafka: KafkaConnection?

    /// Cooperative worker threads. Default: one per core.
    public var cooperativeThreads: Int

    /// Whether the worker threads move stages between them while the pipeline runs, so that a busy stage of
    /// parallelism 1 (a learner, say) does not leave the other workers idle. Default: `true`; `false` keeps
    /// each stage instance on the worker it started on.
    public var balancesWorkers = true

    /// The engine's job settings; its `name` defaults to the pipeline's.
    public var job: JobConfig

    /// The logger stages use (the log sink, dead-letter reports). Default: `slipstream.pipeline`.
    public var logger: Logger

    /// Creates a configuration; every parameter has the default documented on its property.
    public init(
        kafka: KafkaConnection? = nil, cooperativeThreads: Int = ProcessInfo.processInfo.activeProcessorCount,
        job: JobConfig = JobConfig(), logger: Logger = Logger(label: "slipstream.pipeline")
    ) {
        self.kafka = kafka
        self.cooperativeThreads = max(1, cooperativeThreads)
        self.job = job
        self.logger = logger
    }
}

/// Where a Kafka cluster is, plus librdkafka properties for the pipeline's consumers and producers.
public struct KafkaConnection: Sendable, Hashable {
    /// `host:port` list (`bootstrap.servers`).
    public var bootstrapServers: String
    /// Extra librdkafka properties for every consumer of the pipeline (applied last).
    public var consumerProperties: [String: String]
    /// Extra librdkafka properties for every producer of the pipeline (applied last).
    public var producerProperties: [String: String]

    /// Creates a connection to `bootstrapServers`.
    public init(
        bootstrapServers: String, consumerProperties: [String: String] = [:], producerProperties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.consumerProperties = consumerProperties
        self.producerProperties = producerProperties
    }
}
