import Logging

/// A Kafka cluster inside this process: librdkafka's mock cluster, speaking the real protocol on loopback.
///
/// It serves tests, benchmarks, the demo and `run-pipeline kafka`; any Kafka client (kcat included) can connect
/// to `bootstrapServers`. Topics are created here (the mock has no CreateTopics API) with a partition count.
/// Faults can be injected: brokers down and up, errors for a request type, round-trip time.
///
/// Limits of librdkafka 2.0.2's mock that shape its use:
/// - **Retention**: each partition keeps only its newest ~5 MiB (`partitionRetentionBytes`) and at most 100,000
///   message batches; older records are dropped silently. Give topics enough partitions for the data that must
///   be re-read (64 partitions hold ~320 MiB) and spread it over them. A background check (and
///   `checkRetention()`) warns when a partition nears the cap or has dropped records.
/// - **Empty fetches** are held for the full `fetch.wait.max.ms`: consumers should use a few milliseconds
///   (`consumerConfiguration` does).
/// - **Transactions** are accepted but the mock writes no commit/abort markers, so records of an aborted
///   transaction that reached the broker stay visible even to `readCommitted` consumers; only what an abort
///   purged before sending is guaranteed invisible. Offsets sent to a transaction are accepted but not stored.
/// - **Groups**: the first join waits 3 s (like a broker's initial rebalance delay); after a member leaves or a new
///   one joins a settled group, the rebalance waits up to the group's `session.timeout.ms` - 1 s, so tests use
///   short session timeouts.
/// - Nagle's algorithm is left on by the mock; `EmbeddedKafka` turns it off on the brokers' sockets (see
///   `MockSocketNoDelay`), as a real broker does, avoiding ~40 ms stalls.
///
/// Threading: all methods may be called from any thread. `shutdown()` (or releasing the object) stops the
/// brokers; clients still connected then see transport errors.
public final class EmbeddedKafka: @unchecked Sendable {
    /// The newest bytes each mock partition keeps (approximately; older records are dropped).
    public static let partitionRetentionBytes = 5 * 1024 * 1024
    /// The most message batches each mock partition keeps.
    public static let partitionRetentionBatches = 100_000

    /// A topic to create: a name and a partition count, written `name:partitions` on command lines.
    public struct TopicSpec: Hashable, Sendable, CustomStringConvertible {
        public var name: String
        public var partitions: Int
        /// Replicas per partition; nil for `min(3, brokers)`.
        public var replicationFactor: Int?

        public init(_ name: String, partitions: Int, replicationFactor: Int? = nil) {
            self.name = name
            self.partitions = partitions
            self.replicationFactor = replicationFactor
        }

        /// Parses `name:partitions` or `name:partitions:replicas`; nil when malformed.
        public init?(parsing text: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(parts.count), !parts[0].isEmpty, let partitions = Int(parts[1]), partitions > 0
            else { return nil }
            var replicas: Int?
            if parts.count == 3 {
                guard let value = Int(parts[2]), value > 0 else { return nil }
                replicas = value
            }
            self.init(String(parts[0]), partitions: partitions, replicationFactor: replicas)
        }

        public var description: String { "\(name):\(partitions)" }
    }

    /// Comma-separated `host:port` of the brokers, for `bootstrap.servers`.
    public let bootstrapServers: String
    /// The brokers' ids (1...brokers), for fault injection.
    public let brokerIDs: [Int32]
    let logger: Logger
    private let lock = KafkaLock()
    private var cluster: RDKafkaMockCluster?
    let noDelay: MockSocketNoDelay
    private var monitor: EmbeddedKafkaRetentionMonitor?
    private var createdTopics: [TopicSpec] = []

    /// Starts the brokers and creates the topics.
    ///
    /// - Parameters:
    ///   - brokers: how many brokers (at least 1).
    ///   - topics: topics to create at once.
    ///   - retentionCheckInterval: how often to check partitions against the retention cap and log a warning;
    ///     nil turns the background check off (`checkRetention()` still works).
    public init(
        brokers: Int = 1, topics: [TopicSpec] = [], retentionCheckInterval: Duration? = .seconds(5),
        logger: Logger = Logger(label: "slipstream.kafka.embedded")
    ) throws(KafkaError) {
        guard brokers >= 1 else { throw KafkaError.invalidArgument("an embedded cluster needs at least 1 broker") }
        self.logger = logger
        let cluster = try RDKafkaMockCluster(brokers: brokers, logger: logger)
        self.cluster = cluster
        bootstrapServers = cluster.bootstrapServers
        brokerIDs = (1...brokers).map { Int32($0) }
        noDelay = MockSocketNoDelay(bootstrapServers: bootstrapServers)
        noDelay.start()
        for topic in topics { try createTopic(topic) }
        if let retentionCheckInterval {
            let monitor = try retentionMonitor()
            monitor.start(interval: retentionCheckInterval) { [weak self] in self?.topics ?? [] }
        }
    }

    deinit {
        shutdown()
    }

    /// Creates a topic. Throws when it exists or the spec is invalid (e.g. more replicas than brokers).
    public func createTopic(_ spec: TopicSpec) throws(KafkaError) {
        guard spec.partitions >= 1 else { throw KafkaError.invalidArgument("topic '\(spec.name)' needs at least 1 partition") }
        let replicas = spec.replicationFactor ?? min(3, brokerIDs.count)
        guard (1...brokerIDs.count).contains(replicas) else {
            throw KafkaError.invalidArgument(
                "topic '\(spec.name)': replication factor \(replicas) needs as many brokers (there are \(brokerIDs.count))")
        }
        try lock.withLock { () throws(KafkaError) in
            guard let cluster else { throw KafkaError.state("the embedded cluster is shut down") }
            if createdTopics.contains(where: { $0.name == spec.name }) {
                throw KafkaError.invalidArgument("topic '\(spec.name)' already exists")
            }
            try cluster.createTopic(spec.name, partitions: spec.partitions, replicationFactor: replicas)
            createdTopics.append(TopicSpec(spec.name, partitions: spec.partitions, replicationFactor: replicas))
        }
    }

    /// Creates a topic with `partitions` partitions.
    public func createTopic(_ name: String, partitions: Int) throws(KafkaError) {
        try createTopic(TopicSpec(name, partitions: partitions))
    }

    /// The topics created through this object.
    public var topics: [TopicSpec] { lock.withLock { createdTopics } }

    /// Stops the brokers. Idempotent.
    public func shutdown() {
        let stopping: (RDKafkaMockCluster?, EmbeddedKafkaRetentionMonitor?) = lock.withLock {
            defer { cluster = nil; monitor = nil }
            return (cluster, monitor)
        }
        guard let cluster = stopping.0 else { return }
        stopping.1?.stop()
        noDelay.stop()
        withExtendedLifetime(cluster) {}
    }

    /// The retention monitor, created on first use.
    func retentionMonitor() throws(KafkaError) -> EmbeddedKafkaRetentionMonitor {
        try lock.withLock { () throws(KafkaError) -> EmbeddedKafkaRetentionMonitor in
            guard cluster != nil else { throw KafkaError.state("the embedded cluster is shut down") }
            if let monitor { return monitor }
            let created = try EmbeddedKafkaRetentionMonitor(bootstrapServers: bootstrapServers, logger: logger)
            monitor = created
            return created
        }
    }

    func withCluster<R>(_ body: (RDKafkaMockCluster) throws(KafkaError) -> R) throws(KafkaError) -> R {
        try lock.withLock { () throws(KafkaError) -> R in
            guard let cluster else { throw KafkaError.state("the embedded cluster is shut down") }
            return try body(cluster)
        }
    }

    // MARK: - Client presets

    /// A producer configuration for this cluster (librdkafka defaults otherwise).
    public func producerConfiguration() -> KafkaProducerConfiguration {
        KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
    }

    /// A consumer configuration for this cluster: starts from the earliest offset and waits at most 5 ms on an
    /// empty fetch (the mock would otherwise hold every empty fetch for 500 ms).
    public func consumerConfiguration(groupID: String? = nil) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: groupID)
        configuration.autoOffsetReset = .earliest
        configuration.fetchWaitMax = .milliseconds(5)
        return configuration
    }
}

// MARK: - Fault injection

extension EmbeddedKafka {
    /// Takes a broker down: its connections close and new ones are refused until `setBrokerUp`.
    public func setBrokerDown(_ broker: Int32) throws(KafkaError) {
        try withCluster { cluster throws(KafkaError) in try cluster.setBroker(broker, up: false) }
    }

    /// Brings a broker taken down back.
    public func setBrokerUp(_ broker: Int32) throws(KafkaError) {
        try withCluster { cluster throws(KafkaError) in try cluster.setBroker(broker, up: true) }
    }

    /// Delays every response of a broker by `roundTripTime`.
    public func setRoundTripTime(_ roundTripTime: Duration, broker: Int32) throws(KafkaError) {
        try withCluster { cluster throws(KafkaError) in
            try cluster.setRoundTripTime(milliseconds: roundTripTime.kafkaMilliseconds, broker: broker)
        }
    }

    /// Makes the next requests of type `api` (to any broker) fail with `errors`, one per request, in order.
    public func injectRequestErrors(_ errors: [KafkaError.Code], for api: KafkaAPI) throws(KafkaError) {
        try withCluster { cluster in cluster.pushRequestErrors(apiKey: api.rawValue, codes: errors.map(\.rawValue)) }
    }

    /// Drops request errors injected for `api` and not yet used.
    public func clearRequestErrors(for api: KafkaAPI) throws(KafkaError) {
        try withCluster { cluster in cluster.clearRequestErrors(apiKey: api.rawValue) }
    }

    /// Makes Metadata answers report `error` for the topic (`.noError` to stop).
    public func setTopicError(_ error: KafkaError.Code, topic: String) throws(KafkaError) {
        try withCluster { cluster in cluster.setTopicError(topic: topic, code: error.rawValue) }
    }

    /// Moves a partition's leadership to `broker`.
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        try withCluster { cluster throws(KafkaError) in
            try cluster.setPartitionLeader(topic: topic, partition: partition, broker: broker)
        }
    }
}
