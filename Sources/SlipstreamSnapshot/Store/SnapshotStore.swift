import Logging
import SlipstreamEngine

/// Where a job's snapshots are kept, listed, read back for a restore, and retired.
///
/// A store is the engine's ``SnapshotSink``: processor threads hand it saved entries with
/// ``SnapshotSink/write(snapshotID:vertex:instance:entries:)``, which only queues them (it never blocks on I/O); a
/// writer thread of the store encodes them into large blocks and writes them while the job goes on. ``commit(snapshotID:metadata:)``
/// waits until every queued entry of the snapshot is written and durable, then publishes the snapshot's manifest
/// (written last): from then on the snapshot is the restore point. A snapshot whose commit failed or never came
/// leaves no trace that could be mistaken for a complete one, and the previous complete snapshot stays the
/// restore point.
///
/// ## Ids
///
/// The engine numbers snapshots within one run of a job (`jobSnapshotID`, restarting at 1 with every run). The
/// store gives every snapshot it keeps its own ``SnapshotManifest/id``, increasing across runs; listing,
/// reading and deleting use the store's id, and the manifest records both.
///
/// ## Restoring
///
/// ``loadLatest()`` returns the newest snapshot that reads back completely and passes every checksum, skipping
/// damaged or incomplete ones with a warning naming the snapshot and the reason. Reading blocks on I/O: call
/// the reading methods at start-up or from a command, not from a cooperative processor.
///
/// ## One writer
///
/// A store is written by one job at a time; two processes writing the same directory or topic would assign the
/// same ids.
public protocol SnapshotStore: SnapshotSink, AnyObject {
    /// Where the store logs skipped snapshots, retention and failures.
    var logger: Logger { get }

    /// Records facts about a snapshot in progress (source offsets, model version, …) in its manifest; later
    /// values replace earlier ones under the same key. Never blocks; may be called from any thread.
    func annotate(snapshotID: Int64, metadata: [String: String])

    /// Makes snapshot `snapshotID` (the engine's id) durable and the restore point, with `metadata` merged over
    /// what ``annotate(snapshotID:metadata:)`` recorded. Older snapshots beyond the retention count are then
    /// deleted.
    ///
    /// - Returns: the manifest of the committed snapshot.
    /// - Throws: ``SnapshotStoreError/Code/writeFailed`` when a write failed (no space, permission, a broken path,
    ///   an unreachable broker): the snapshot is abandoned and the previous one stays the restore point.
    func commit(snapshotID: Int64, metadata: [String: String]) async throws -> SnapshotManifest

    /// Abandons snapshot `snapshotID` (the engine's id) and removes what was written of it. Never blocks.
    func abort(snapshotID: Int64)

    /// Every snapshot in the store, newest first, complete or not: an incomplete or damaged one carries the
    /// ``SnapshotListing/problem``. Checks manifests and that the pieces exist with the right sizes; checksums
    /// of the data are checked when reading (see ``verify(_:)``).
    func list() throws -> [SnapshotListing]

    /// Reads the entries of `manifest`'s snapshot, segment by segment and block by block in the order each
    /// processor instance saved them, handing each verified block to `body`. Only the vertices in `vertices` are
    /// read when it is given.
    ///
    /// - Throws: ``SnapshotStoreError`` with code `damaged`, `incomplete` or `unsupportedFormat` when the
    ///   snapshot is unusable (a file or record missing, truncated or failing its checksum), `readFailed` when
    ///   the store could not be read; or what `body` throws.
    func read(
        _ manifest: SnapshotManifest, vertices: Set<String>?,
        _ body: (SnapshotSegment, [SnapshotEntry]) throws -> Void
    ) throws

    /// Deletes snapshot `id` (the store's id). Deleting the newest complete snapshot makes the previous one the
    /// restore point.
    ///
    /// - Throws: ``SnapshotStoreError/Code/notFound`` when there is no such snapshot.
    func delete(id: Int64) throws

    /// Finishes the writes queued so far (pending commits complete) and stops the writer. Later writes are
    /// dropped and later commits throw ``SnapshotStoreError/Code/closed``.
    func close() async
}

/// One snapshot as ``SnapshotStore/list()`` finds it.
public struct SnapshotListing: Sendable {
    /// The store's id of the snapshot.
    public var id: Int64
    /// The manifest, when it could be read.
    public var manifest: SnapshotManifest?
    /// Why the snapshot cannot be restored (incomplete, damaged, unknown format), or `nil` if it looks complete.
    public var problem: SnapshotStoreError?

    /// Creates a listing.
    public init(id: Int64, manifest: SnapshotManifest?, problem: SnapshotStoreError?) {
        self.id = id
        self.manifest = manifest
        self.problem = problem
    }

    /// Whether the snapshot has a valid manifest and all its pieces.
    public var isComplete: Bool { problem == nil && manifest != nil }
}
