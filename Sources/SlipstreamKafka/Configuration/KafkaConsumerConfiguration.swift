/// Settings of a `KafkaConsumer`.
///
/// The typed properties cover what most consumers set; each names its librdkafka property and default. Anything
/// else goes into `properties`, passed to librdkafka verbatim and applied after the typed settings (so it wins).
/// Unknown property names and invalid values are reported when the consumer is created, as a `KafkaError` whose
/// `property` names the offending key and whose message is librdkafka's.
public struct KafkaConsumerConfiguration: Sendable {
    /// Comma-separated `host:port` list (`bootstrap.servers`). Required.
    public var bootstrapServers: String
    /// Consumer group (`group.id`). Needed for `subscribe` and for committing offsets; a consumer that only uses
    /// `assign` and never commits may leave it `nil`. Default: `nil`.
    public var groupID: String?
    /// `client.id`. Default: `"slipstream"`.
    public var clientID: String = "slipstream"
    /// Where to start when the group has no committed offset (`auto.offset.reset`). Default: `.latest`.
    public var autoOffsetReset: KafkaAutoOffsetReset = .latest
    /// Commit stored offsets in the background (`enable.auto.commit`). Default: `true`. Engines that commit with
    /// their snapshots set it to `false`.
    public var enableAutoCommit: Bool = true
    /// Background commit period (`auto.commit.interval.ms`). Default: 5 s.
    public var autoCommitInterval: Duration = .seconds(5)
    /// Store each record's offset when `poll` hands it out (`enable.auto.offset.store`), so `commit()` and
    /// auto-commit cover what was polled. Default: `true`.
    public var storeOffsetsOnPoll: Bool = true
    /// Which transactional records are visible (`isolation.level`). Default: `.readCommitted`.
    public var isolationLevel: KafkaIsolationLevel = .readCommitted
    /// Longest time a broker holds a Fetch that finds no new data (`fetch.wait.max.ms`). Default: 500 ms.
    /// Against librdkafka's mock cluster an empty Fetch is held this long even when data arrives meanwhile, so
    /// low-latency consumers of an `EmbeddedKafka` use a few milliseconds (its `consumerConfiguration` does).
    public var fetchWaitMax: Duration = .milliseconds(500)
    /// Records librdkafka keeps prefetched (`queued.min.messages`): it stops fetching while the consumer's queue,
    /// over all its partitions, holds this many. Default: 100,000.
    public var queuedMinMessages: Int = 100_000
    /// Most payload kilobytes librdkafka keeps prefetched (`queued.max.messages.kbytes`), over all the consumer's
    /// partitions. Default: 65,536 (64 MiB).
    public var queuedMaxKilobytes: Int = 65_536
    /// Group session timeout (`session.timeout.ms`). Default: 45 s.
    public var sessionTimeout: Duration = .seconds(45)
    /// Group heartbeat period (`heartbeat.interval.ms`). Default: 3 s.
    public var heartbeatInterval: Duration = .seconds(3)
    /// Longest gap between polls before the consumer leaves the group (`max.poll.interval.ms`). Default: 300 s.
    public var maxPollInterval: Duration = .seconds(300)
    /// How partitions are spread over the group (`partition.assignment.strategy`). Default: `.rangeRoundRobin`.
    public var assignmentStrategy: KafkaAssignmentStrategy = .rangeRoundRobin
    /// Report reaching the end of each partition in the polled batch (`enable.partition.eof`). Default: `false`.
    public var reportEndOfPartition: Bool = false
    /// Let the broker create a subscribed topic that does not exist (`allow.auto.create.topics`).
    /// Default: `false`.
    public var allowAutoCreateTopics: Bool = false
    /// Most records one `poll` hands out; the record buffer is allocated once at this size. Default: 10,000.
    public var maxBatchSize: Int = 10_000
    /// librdkafka debug contexts (`debug`), e.g. `"cgrp,fetch"`. Default: `nil` (none).
    public var debug: String? = nil
    /// Any further librdkafka properties, applied last.
    public var properties: [String: String] = [:]

    public init(bootstrapServers: String, groupID: String? = nil) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
    }

    func librdkafkaProperties() -> [(String, String)] {
        var result: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers),
            ("client.id", clientID),
            ("auto.offset.reset", autoOffsetReset.rawValue),
            ("enable.auto.commit", enableAutoCommit ? "true" : "false"),
            ("auto.commit.interval.ms", "\(autoCommitInterval.kafkaMilliseconds)"),
            ("enable.auto.offset.store", storeOffsetsOnPoll ? "true" : "false"),
            ("isolation.level", isolationLevel.rawValue),
            ("fetch.wait.max.ms", "\(fetchWaitMax.kafkaMilliseconds)"),
            ("queued.min.messages", "\(queuedMinMessages)"),
            ("queued.max.messages.kbytes", "\(queuedMaxKilobytes)"),
            ("session.timeout.ms", "\(sessionTimeout.kafkaMilliseconds)"),
            ("heartbeat.interval.ms", "\(heartbeatInterval.kafkaMilliseconds)"),
            ("max.poll.interval.ms", "\(maxPollInterval.kafkaMilliseconds)"),
            ("partition.assignment.strategy", assignmentStrategy.rawValue),
            ("enable.partition.eof", reportEndOfPartition ? "true" : "false"),
        ]
        // Set only when it differs from librdkafka's default: setting it explicitly makes librdkafka warn against
        // brokers (and the mock) that speak Metadata below v4, where it cannot be honoured.
        if allowAutoCreateTopics { result.append(("allow.auto.create.topics", "true")) }
        if let groupID { result.append(("group.id", groupID)) }
        if let debug { result.append(("debug", debug)) }
        result.append(contentsOf: properties.sorted { $0.key < $1.key })
        return result
    }
}

/// Where a consumer starts without a committed offset (`auto.offset.reset`).
public struct KafkaAutoOffsetReset: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The oldest record.
    public static let earliest = KafkaAutoOffsetReset(rawValue: "earliest")
    /// Only records written from now on.
    public static let latest = KafkaAutoOffsetReset(rawValue: "latest")
    /// Report an error in the polled batch instead.
    public static let error = KafkaAutoOffsetReset(rawValue: "error")
}

/// Which records of transactions a consumer sees (`isolation.level`).
public struct KafkaIsolationLevel: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Only records of committed transactions (and non-transactional ones).
    public static let readCommitted = KafkaIsolationLevel(rawValue: "read_committed")
    /// Everything, including records of open and aborted transactions.
    public static let readUncommitted = KafkaIsolationLevel(rawValue: "read_uncommitted")
}

/// How a group spreads partitions over its members (`partition.assignment.strategy`).
public struct KafkaAssignmentStrategy: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// librdkafka's default: range, falling back to round-robin (eager rebalancing).
    public static let rangeRoundRobin = KafkaAssignmentStrategy(rawValue: "range,roundrobin")
    public static let range = KafkaAssignmentStrategy(rawValue: "range")
    public static let roundRobin = KafkaAssignmentStrategy(rawValue: "roundrobin")
    /// Incremental (cooperative) rebalancing: members keep their partitions while others move.
    public static let cooperativeSticky = KafkaAssignmentStrategy(rawValue: "cooperative-sticky")
}
