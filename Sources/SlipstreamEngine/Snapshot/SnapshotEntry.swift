/// One piece of processor state saved in a snapshot: an opaque key and value, encoded by the processor.
///
/// ``partition`` decides where the entry goes on restore, when the vertex may run with a different number of
/// instances: an entry of partition *p* goes to the instance that owns *p* (see ``Partitioner``); an entry without a
/// partition (such as a source's offsets for all of its partitions) goes to every instance, which keeps what
/// concerns it.
public struct SnapshotEntry: Sendable, Hashable {
    /// Identifies the state within the vertex (a key of a keyed stage, a topic-partition, a name).
    public var key: [UInt8]
    /// The encoded state.
    public var value: [UInt8]
    /// The key partition the state belongs to, or `nil` to restore it on every instance.
    public var partition: Int?

    /// Creates an entry.
    public init(key: [UInt8], value: [UInt8], partition: Int? = nil) {
        self.key = key
        self.value = value
        self.partition = partition
    }

    /// Creates an entry keyed by a string.
    public init(key: String, value: [UInt8], partition: Int? = nil) {
        self.init(key: Array(key.utf8), value: value, partition: partition)
    }
}
