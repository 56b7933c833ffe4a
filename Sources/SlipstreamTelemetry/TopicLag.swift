/// How far a job's sources are behind one topic: records written to the topic that the job has not read yet,
/// summed over the partitions it reads.
public struct TopicLag: Sendable, Hashable {
    /// The topic.
    public var topic: String
    /// Records behind, summed over partitions (a partition never counts below zero).
    public var records: Int64

    /// Creates the lag on `topic`.
    public init(topic: String, records: Int64) {
        self.topic = topic
        self.records = records
    }
}
