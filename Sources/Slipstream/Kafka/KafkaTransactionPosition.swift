/// Where an exactly-once Kafka sink's output stands at a snapshot: the Kafka transaction that holds everything
/// the sink wrote before the snapshot's barrier, which commits if and only if that snapshot may be restored.
///
/// The sink saves it with the snapshot (entry ``entryKey``) and the run records it in the snapshot's manifest
/// (``annotation``); the transaction log names the same position (``KafkaSinkCommit``) when the transaction
/// commits. On restart, the snapshot to restore is the one whose position the last committed log record names.
///
/// - ``lineage`` is drawn at random when a job starts without a snapshot, and carried over by every restore:
///   it keeps the epochs of a run started afresh apart from those of earlier runs.
/// - ``epoch`` counts the transactions of the lineage: 1 for the first.
public struct KafkaTransactionPosition: Sendable, Hashable, CustomStringConvertible {
    /// The sink's `transactional.id`.
    public var transactionalID: String
    /// The topic of the transaction log the sink writes its commit records to.
    public var logTopic: String
    /// The run lineage, as 16 hexadecimal digits.
    public var lineage: String
    /// The transaction's number within the lineage.
    public var epoch: Int64

    /// The snapshot entry key under which the sink saves its position.
    public static let entryKey = "kafka-transaction"

    /// Creates a position.
    public init(transactionalID: String, logTopic: String, lineage: String, epoch: Int64) {
        self.transactionalID = transactionalID
        self.logTopic = logTopic
        self.lineage = lineage
        self.epoch = epoch
    }

    /// The position as one line of `name=value` pairs, the form kept in snapshot manifests and saved entries:
    /// `id=<transactional id> log=<topic> lineage=<hex> epoch=<n>`.
    public var annotation: String { "id=\(transactionalID) log=\(logTopic) lineage=\(lineage) epoch=\(epoch)" }

    public var description: String { "transaction \(epoch) of lineage \(lineage) (\(transactionalID))" }

    /// Parses ``annotation``; `nil` when `text` is not in that form.
    public init?(annotation text: String) {
        var fields: [Substring: Substring] = [:]
        for pair in text.split(separator: " ") {
            guard let equals = pair.firstIndex(of: "=") else { return nil }
            fields[pair[..<equals]] = pair[pair.index(after: equals)...]
        }
        guard let id = fields["id"], !id.isEmpty, let log = fields["log"], !log.isEmpty, let lineage = fields["lineage"],
            let epoch = fields["epoch"].flatMap({ Int64($0) }), epoch >= 0
        else { return nil }
        self.init(transactionalID: String(id), logTopic: String(log), lineage: String(lineage), epoch: epoch)
    }

    /// Whether `commit` is the commit record of this position's transaction.
    public func isCommitted(by commit: KafkaSinkCommit) -> Bool {
        commit.transactionalID == transactionalID && commit.lineage == lineage && commit.epoch == epoch
    }
}
