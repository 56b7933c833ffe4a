import SlipstreamKafka

/// Settings of a Kafka source; every property has a default fit for a long-running pipeline.
public struct KafkaSourceOptions: Sendable {
    /// Where each partition starts when the job does not restore a snapshot.
    public enum StartPosition: Sendable, Hashable {
        /// The oldest record still in the partition.
        case earliest
        /// Only records written from now on.
        case latest
        /// The consumer group's committed offset, or the oldest record when there is none.
        case committed
    }

    /// Where partitions start. Default: ``StartPosition/committed``.
    public var start: StartPosition = .committed

    /// Read up to the end offsets found when the job starts, then end (a bounded source: the job can complete).
    /// Default: `false` (read forever).
    public var stopAtEnd = false

    /// Where records that do not decode go. Default: the topic `<first topic>-dead-letters`.
    public var deadLetters: DeadLetterDestination?

    /// The cluster, when not the pipeline's ``PipelineConfiguration/kafka``.
    public var connection: KafkaConnection?

    /// The consumer group for committed offsets. Default: the pipeline's name.
    public var groupID: String?

    /// Most records taken per poll. Default: 2,048.
    public var pollBatchSize = 2_048

    /// Longest wait for records in one poll. Default: 50 ms (polls run on a thread of their own, never on a
    /// worker thread).
    public var pollTimeout: Duration = .milliseconds(50)

    /// Longest time a broker holds a fetch that finds no data (`fetch.wait.max.ms`). Default: 10 ms, so a
    /// quiet topic's first records are not held back (librdkafka's mock holds empty fetches this long).
    public var fetchWaitMax: Duration = .milliseconds(10)

    /// Records librdkafka tries to keep prefetched per partition (`queued.min.messages`). Default: 1,000,000,
    /// so a backlog streams in without pauses; memory stays bounded by ``prefetchKilobytes`` (the consumer wakes
    /// librdkafka's fetcher when its queue has drained from that limit). Measured on the embedded cluster, this
    /// and ``maxPartitionFetchBytes`` make the source read about 2.5 times faster than librdkafka's defaults.
    public var prefetchRecords = 1_000_000

    /// Most payload kilobytes librdkafka keeps prefetched per consumer (`queued.max.messages.kbytes`; it also
    /// caps the bytes of one fetch). Default: 8,192 (8 MiB), an eighth of librdkafka's default.
    ///
    /// A source that keeps up with its broker gains nothing from a deeper queue, and every prefetched record
    /// costs about twice its payload in librdkafka's memory. With 64 MiB, each consumer of a Kafka-to-Kafka
    /// pipeline on the embedded cluster held ~150 MB, most of it freshly faulted-in pages, and zeroing them
    /// took ~15% of the process's CPU; with 8 MiB it faults in a quarter as much and reads as fast (2 MiB to
    /// 8 MiB measured alike; 16 MiB already faulted in half again as much).
    public var prefetchKilobytes = 8_192

    /// Most bytes one fetch returns per partition (`max.partition.fetch.bytes`). Default: 8 MiB.
    public var maxPartitionFetchBytes = 8 << 20

    /// Extra librdkafka consumer properties, applied last.
    public var properties: [String: String] = [:]

    /// Creates the default options.
    public init() {}

    /// Options with the given start position and boundedness.
    public init(start: StartPosition, stopAtEnd: Bool = false, deadLetters: DeadLetterDestination? = nil) {
        self.start = start
        self.stopAtEnd = stopAtEnd
        self.deadLetters = deadLetters
    }
}
