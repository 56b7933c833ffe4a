import CRdKafka

/// A topic a producer sends to, resolved once so that `send` does no name lookup per message.
///
/// Get one with `KafkaProducer.topic(_:)`; it keeps its producer alive. Safe to share between threads.
public final class KafkaProducerTopic: @unchecked Sendable {
    /// The topic name.
    public let name: String
    let handle: OpaquePointer
    /// Keeps the `rd_kafka_t` alive for as long as this topic handle exists.
    let client: RDKafkaClient
    /// The configured partitioner's function, when it places keyed messages by key alone.
    private let partitioner: KafkaKeyPartitioning.Function?
    private let partitioningLock = KafkaLock()
    private var partitioning: KafkaKeyPartitioning?
    private var partitioningReadAt: ContinuousClock.Instant?

    /// - Parameter partitioner: the producer's `partitioner`, when it places keyed messages by key alone.
    init(name: String, client: RDKafkaClient, partitioner: KafkaKeyPartitioning.Function?) throws(KafkaError) {
        guard let handle = rd_kafka_topic_new(client.handle, name, nil) else {
            throw KafkaError.rdKafka(rd_kafka_last_error(), message: "cannot create a handle for topic '\(name)'")
        }
        self.name = name
        self.handle = handle
        self.client = client
        self.partitioner = partitioner
    }

    /// How long a partition count is used before it is read again (partitions can be added to a topic), and how
    /// long after a failed read (the topic does not exist yet, no broker answered) the next one is tried.
    static let partitionCountLifetime: Duration = .seconds(60)
    static let partitionCountRetry: Duration = .seconds(5)

    /// How keyed messages are partitioned before they reach librdkafka, or nil to leave it to librdkafka: the
    /// partitioner depends on more than the key, or the partition count is not known. Reads the count from a
    /// broker on first use and then once a minute (see `partitionCountLifetime`), so once per batch is cheap.
    func keyPartitioning() -> KafkaKeyPartitioning? {
        guard let partitioner else { return nil }
        return partitioningLock.withLock {
            let now = ContinuousClock.now
            if let readAt = partitioningReadAt,
                now - readAt < (partitioning == nil ? Self.partitionCountRetry : Self.partitionCountLifetime)
            {
                return partitioning
            }
            partitioningReadAt = now
            // A count that cannot be read now keeps the last one: partitions are never removed from a topic.
            if let count = try? client.partitionCount(topic: name, timeout: .milliseconds(500)), count > 0,
                count <= Int(Int32.max)
            {
                partitioning = KafkaKeyPartitioning(function: partitioner, partitionCount: Int32(count))
            }
            return partitioning
        }
    }

    deinit {
        rd_kafka_topic_destroy(handle)
    }
}
