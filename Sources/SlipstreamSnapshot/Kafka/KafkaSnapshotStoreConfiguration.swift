import SlipstreamKafka

/// How a ``KafkaSnapshotStore`` reaches its topic and lays snapshots out in it.
///
/// The topic must exist. Make it compacted (`cleanup.policy=compact`) with no time or size retention, and give it
/// at least two partitions: partition 0 holds the manifests (so listing reads only them), the others the chunks.
public struct KafkaSnapshotStoreConfiguration: Sendable {
    /// The snapshot topic. Required.
    public var topic: String
    /// How the store's producer connects and sends. Acknowledgement by all replicas (`acks=all`, the default) is
    /// what makes a committed snapshot survive a broker.
    public var producer: KafkaProducerConfiguration
    /// How the store's readers connect. The store assigns partitions itself (no group) and never commits
    /// offsets.
    public var consumer: KafkaConsumerConfiguration
    /// How many complete snapshots are kept; older ones are deleted (tombstoned) after each commit. Default: 3.
    public var retain: Int = 3
    /// The most segment bytes in one chunk record. It must stay below the producer's and the topic's largest
    /// message size (librdkafka's `message.max.bytes` defaults to 1,000,000). Default: 512 KiB.
    public var chunkBytes: Int = 512 * 1024
    /// The payload size of a segment block, the unit of encoding and checksums. Default: 256 KiB.
    public var blockSize: Int = 256 * 1024
    /// How long a commit waits for the brokers to acknowledge a snapshot, and a read for the records it needs.
    /// Default: 30 s.
    public var timeout: Duration = .seconds(30)

    /// Creates a configuration for `topic` on the cluster at `bootstrapServers`.
    public init(topic: String, bootstrapServers: String) {
        self.topic = topic
        producer = KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
        consumer = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers)
        consumer.fetchWaitMax = .milliseconds(10)
    }

    /// Creates a configuration for `topic` with the given client configurations.
    public init(topic: String, producer: KafkaProducerConfiguration, consumer: KafkaConsumerConfiguration) {
        self.topic = topic
        self.producer = producer
        self.consumer = consumer
    }

    func validate() throws(SnapshotStoreError) {
        guard !topic.isEmpty else { throw SnapshotStoreError(.invalidArgument, "the snapshot topic has no name") }
        guard retain >= 1 else {
            throw SnapshotStoreError(.invalidArgument, "retain must keep at least 1 snapshot, not \(retain)")
        }
        guard (1024...(64 << 20)).contains(chunkBytes) else {
            throw SnapshotStoreError(.invalidArgument, "chunkBytes must be between 1 KiB and 64 MiB, not \(chunkBytes)")
        }
        guard blockSize >= 1 else { throw SnapshotStoreError(.invalidArgument, "blockSize must be positive") }
    }
}
