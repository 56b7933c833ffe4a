import Foundation

/// The record a job's exactly-once Kafka sinks write to their transaction log as the last message of every
/// transaction they commit: which transaction it is (``KafkaTransactionPosition``) and which offsets of the
/// output topics it holds.
///
/// Being inside the transaction, the record is visible exactly when the output is: a job that restarts reads
/// the log's last committed record and restores the snapshot that names the same position, so the Kafka commit
/// is the single point at which a snapshot becomes the restore point. The offset ranges make the log an index
/// of the committed output, for audits and for tools that check a topic written without transaction markers.
///
/// The payload is a JSON object; the record key is the transactional id, so the log may be a compacted topic.
public struct KafkaSinkCommit: Sendable, Hashable, Codable {
    /// The offsets one partition of an output topic received in the transaction, first and last included.
    public struct Range: Sendable, Hashable, Codable {
        public var topic: String
        public var partition: Int32
        public var first: Int64
        public var last: Int64

        public init(topic: String, partition: Int32, first: Int64, last: Int64) {
            self.topic = topic
            self.partition = partition
            self.first = first
            self.last = last
        }
    }

    /// The sink's `transactional.id`.
    public var transactionalID: String
    /// The run lineage (see ``KafkaTransactionPosition/lineage``).
    public var lineage: String
    /// The transaction's number within the lineage.
    public var epoch: Int64
    /// The output offsets the transaction holds, by topic and partition.
    public var ranges: [Range]
    /// Why the transaction committed: `snapshot` (with the job's snapshot) or `completed` (the job ended).
    public var reason: String
    /// When it committed, in milliseconds since 1970.
    public var committedAtMilliseconds: Int64

    /// Creates a commit record.
    public init(
        transactionalID: String, lineage: String, epoch: Int64, ranges: [Range], reason: String,
        committedAtMilliseconds: Int64
    ) {
        self.transactionalID = transactionalID
        self.lineage = lineage
        self.epoch = epoch
        self.ranges = ranges
        self.reason = reason
        self.committedAtMilliseconds = committedAtMilliseconds
    }

    /// The record's JSON payload.
    public func jsonBytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(self))
    }

    /// Decodes a payload; `nil` when it is not a commit record.
    public init?(json bytes: some Collection<UInt8>) {
        guard let decoded = try? JSONDecoder().decode(Self.self, from: Data(bytes)) else { return nil }
        self = decoded
    }
}
