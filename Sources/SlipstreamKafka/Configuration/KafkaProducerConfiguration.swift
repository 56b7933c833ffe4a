/// Settings of a `KafkaProducer`.
///
/// The typed properties cover what most producers set; each names its librdkafka property and default. Anything
/// else goes into `properties`, passed to librdkafka verbatim and applied after the typed settings (so it wins).
/// Unknown property names and invalid values are reported when the producer is created, as a `KafkaError` whose
/// `property` names the offending key and whose message is librdkafka's.
public struct KafkaProducerConfiguration: Sendable {
    /// Comma-separated `host:port` list (`bootstrap.servers`). Required.
    public var bootstrapServers: String
    /// `client.id`. Default: `"slipstream"`.
    public var clientID: String = "slipstream"
    /// Acknowledgements the leader waits for (`acks`). Default: `.all`.
    public var acks: KafkaAcks = .all
    /// Idempotent delivery: no duplicates or reordering from retries (`enable.idempotence`). Implies `acks=all`.
    /// Default: `false`.
    public var idempotent: Bool = false
    /// Makes the producer transactional (`transactional.id`); call `initTransactions` before sending.
    /// Implies idempotence. Default: `nil`.
    public var transactionalID: String? = nil
    /// How long messages wait to form a batch (`linger.ms`). Default: 5 ms.
    public var linger: Duration = .milliseconds(5)
    /// Most messages per batch (`batch.num.messages`). Default: 10,000.
    public var batchMessages: Int = 10_000
    /// Compression codec (`compression.codec`). Default: `.none`.
    public var compression: KafkaCompression = .none
    /// How long a message may take to be delivered, retries included, before it fails with
    /// `messageTimedOut` (`message.timeout.ms`). Default: 300 s.
    public var messageTimeout: Duration = .seconds(300)
    /// Most messages waiting in the local queue (`queue.buffering.max.messages`). Default: 100,000.
    public var queueMaxMessages: Int = 100_000
    /// How messages without an explicit partition are spread (`partitioner`). Default: `.consistentRandom`
    /// (hash of the key; keyless messages go to a random partition).
    public var partitioner: KafkaPartitioner = .consistentRandom
    /// Let the broker create a topic the producer sends to that does not exist (`allow.auto.create.topics`).
    /// Default: `true` (librdkafka's producer default).
    public var allowAutoCreateTopics: Bool = true
    /// Which delivery reports `poll` hands back. Default: `.all`.
    public var deliveryReports: KafkaDeliveryReportMode = .all
    /// How long `send` keeps polling for room when the local queue is full before it throws `queueFull`.
    /// Default: 30 s. `.zero` throws at once.
    public var queueFullWait: Duration = .seconds(30)
    /// librdkafka debug contexts (`debug`), e.g. `"broker,topic,msg"`. Default: `nil` (none).
    public var debug: String? = nil
    /// Any further librdkafka properties, applied last.
    public var properties: [String: String] = [:]

    public init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
    }

    func librdkafkaProperties() -> [(String, String)] {
        var result: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers),
            ("client.id", clientID),
            ("acks", acks.rawValue),
            ("enable.idempotence", idempotent || transactionalID != nil ? "true" : "false"),
            ("linger.ms", "\(linger.kafkaMilliseconds)"),
            ("batch.num.messages", "\(batchMessages)"),
            ("compression.codec", compression.rawValue),
            ("message.timeout.ms", "\(messageTimeout.kafkaMilliseconds)"),
            ("queue.buffering.max.messages", "\(queueMaxMessages)"),
            ("partitioner", partitioner.rawValue),
            ("allow.auto.create.topics", allowAutoCreateTopics ? "true" : "false"),
        ]
        if deliveryReports == .errorsOnly { result.append(("delivery.report.only.error", "true")) }
        if let transactionalID { result.append(("transactional.id", transactionalID)) }
        if let debug { result.append(("debug", debug)) }
        result.append(contentsOf: properties.sorted { $0.key < $1.key })
        return result
    }
}

/// Which delivery reports a producer's `poll` returns.
public enum KafkaDeliveryReportMode: Sendable, Hashable {
    /// One report per message, success or failure.
    case all
    /// Only failed messages (`delivery.report.only.error`): cheaper when the caller needs no offsets.
    case errorsOnly
    /// None: fire and forget. Failures are only logged.
    case none
}

/// Producer acknowledgement level (`acks`).
public struct KafkaAcks: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// All in-sync replicas have the message.
    public static let all = KafkaAcks(rawValue: "all")
    /// The partition leader has the message.
    public static let leader = KafkaAcks(rawValue: "1")
    /// No acknowledgement.
    public static let none = KafkaAcks(rawValue: "0")
}

/// Compression codec (`compression.codec`).
public struct KafkaCompression: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let none = KafkaCompression(rawValue: "none")
    public static let gzip = KafkaCompression(rawValue: "gzip")
    public static let snappy = KafkaCompression(rawValue: "snappy")
    public static let lz4 = KafkaCompression(rawValue: "lz4")
    public static let zstd = KafkaCompression(rawValue: "zstd")
}

/// Partitioner for messages sent without an explicit partition (`partitioner`).
public struct KafkaPartitioner: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// CRC32 of the key; keyless messages go to a random partition (librdkafka's default).
    public static let consistentRandom = KafkaPartitioner(rawValue: "consistent_random")
    /// Murmur2 of the key, like the Java client; keyless messages go to a random partition.
    public static let murmur2Random = KafkaPartitioner(rawValue: "murmur2_random")
    /// A random partition for every message, key or not: spreads load evenly.
    public static let random = KafkaPartitioner(rawValue: "random")
}
