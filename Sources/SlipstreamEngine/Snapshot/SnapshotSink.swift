/// Where the engine hands the state processors save during a snapshot; a snapshot store implements it.
///
/// The engine calls ``write(snapshotID:vertex:instance:entries:)`` on processor threads, possibly several times per
/// instance for one snapshot, and ``commit(snapshotID:)`` once every processor of the job has saved and prepared.
/// Only after `commit` returns does the engine tell processors the snapshot succeeded
/// (``Processor/snapshotCommitFinish(success:)``).
public protocol SnapshotSink: Sendable {
    /// Takes saved entries of one processor instance. Runs on a processor thread: it must not block (queue the
    /// entries for a writer).
    func write(snapshotID: Int64, vertex: String, instance: Int, entries: [SnapshotEntry])

    /// Makes the snapshot durable and the restore point; throwing abandons it (processors are told
    /// `success: false`).
    func commit(snapshotID: Int64) async throws
}
