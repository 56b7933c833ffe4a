import Logging
import SlipstreamEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded default snapshot store: snapshots as directories of checksummed segment files on a local disk.
///
/// Writes are atomic: every segment file is written into a staging directory and fsynced, then the manifest is
/// written to a temporary file, fsynced and renamed, and finally the snapshot directory is renamed into place and
/// its parent fsynced (see ``DirectoryLayout`` for the layout). Each segment carries a CRC-32C per block and the
/// manifest one per file; a snapshot that is truncated, altered, missing a file or its manifest, or written in an
/// unknown format version is reported by ``list()`` and skipped by ``loadLatest()`` with a log line. The newest
/// ``retain`` complete snapshots are kept.
///
/// ```swift
/// let store = try DirectorySnapshotStore(directory: "state/fraud-detection/snapshots", retain: 3)
/// let config = JobConfig(name: "fraud-detection", processingGuarantee: .exactlyOnce, snapshotSink: store,
///                        restoredState: try store.loadLatest()?.restoredState ?? [:])
/// ```
///
/// Opened as a ``Access/writer`` (the default) the store takes an exclusive lock on the directory, removes what
/// an earlier crashed writer left in staging, and starts its writer thread. ``Access/reader`` (for inspection
/// while a job runs) does neither: it lists, reads and deletes only.
public final class DirectorySnapshotStore: SnapshotStore, @unchecked Sendable {
    // @unchecked: the mutable state lives in `writer` (its own synchronization) and `lockDescriptor`, which only
    // `close` and `deinit` touch, once.

    /// How a store is opened.
    public enum Access: Sendable {
        /// Takes snapshots: locks the directory against a second writer, cleans up staging, runs a writer thread.
        case writer
        /// Inspects snapshots (list, read, delete) without disturbing a writer at work in the same directory.
        case reader
    }

    /// The directory holding the snapshots.
    public let directory: String
    /// How many complete snapshots are kept; older ones are deleted after each commit.
    public let retain: Int
    public let logger: Logger
    let layout: DirectoryLayout
    private let writer: SnapshotWriter?
    private let backend: DirectoryBackend?
    private var lockDescriptor: Int32 = -1

    /// Opens (creating it if needed) the snapshot directory `directory`.
    ///
    /// - Parameters:
    ///   - directory: where snapshots live; created with its parents.
    ///   - retain: complete snapshots to keep, at least 1. Default: 3.
    ///   - access: ``Access/writer`` to take snapshots, ``Access/reader`` to inspect. Default: writer.
    ///   - blockSize: the payload size of a segment block, the unit of writes and checksums. Default: 1 MiB.
    ///   - logger: where skipped snapshots, retention and failures are logged.
    /// - Throws: ``SnapshotStoreError/Code/writeFailed`` when the directory cannot be created or is locked by
    ///   another writer; ``SnapshotStoreError/Code/notFound`` when a reader finds no directory;
    ///   ``SnapshotStoreError/Code/invalidArgument`` for `retain < 1`.
    public init(
        directory: String, retain: Int = 3, access: Access = .writer, blockSize: Int = 1 << 20,
        logger: Logger = Logger(label: "slipstream.snapshot")
    ) throws(SnapshotStoreError) {
        guard retain >= 1 else {
            throw SnapshotStoreError(.invalidArgument, "retain must keep at least 1 snapshot, not \(retain)")
        }
        guard blockSize >= 1 else { throw SnapshotStoreError(.invalidArgument, "blockSize must be positive") }
        let root = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.directory = root
        self.retain = retain
        self.logger = logger
        layout = DirectoryLayout(root: root)
        guard access == .writer else {
            guard POSIXFile.isDirectory(root) else {
                throw SnapshotStoreError(.notFound, "there is no snapshot directory \(root)")
            }
            writer = nil
            backend = nil
            return
        }
        try POSIXFile.makeDirectories(root)
        lockDescriptor = try Self.lock(layout.lockFile)
        do throws(SnapshotStoreError) {
            try POSIXFile.makeDirectories(layout.staging)
            var highest: Int64 = 0
            for name in try POSIXFile.contents(of: layout.staging) {
                if let id = DirectoryLayout.id(fromName: name) {
                    highest = max(highest, id)
                    logger.warning("removing snapshot \(id), left incomplete in \(layout.staging) by an earlier run")
                }
                try POSIXFile.removeTree(layout.staging + "/" + name)
            }
            for name in try POSIXFile.contents(of: root) {
                if let id = DirectoryLayout.id(fromName: name) { highest = max(highest, id) }
                // A deletion interrupted by a crash: the snapshot was already out of sight.
                if name.hasPrefix(DirectoryLayout.deletingPrefix) { try POSIXFile.removeTree(root + "/" + name) }
            }
            let backend = DirectoryBackend(layout: layout, retain: retain, logger: logger)
            self.backend = backend
            writer = SnapshotWriter(
                backend: backend, firstID: highest + 1, blockSize: blockSize, logger: logger,
                threadName: "slipstream-snapshot-writer")
        } catch {
            POSIXFile.closeDescriptor(lockDescriptor)
            throw error
        }
    }

    deinit {
        writer?.stopWithoutWaiting()
        if lockDescriptor >= 0 { POSIXFile.closeDescriptor(lockDescriptor) }
    }

    private static func lock(_ path: String) throws(SnapshotStoreError) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXFile.failure(.writeFailed, "open the lock file", path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            POSIXFile.closeDescriptor(fd)
            if code == EWOULDBLOCK {
                throw SnapshotStoreError(
                    .writeFailed,
                    "another writer holds \(path): only one job may take snapshots into a directory at a time "
                        + "(open it with access: .reader to inspect)")
            }
            throw POSIXFile.failure(.writeFailed, "lock", path, errno: code)
        }
        return fd
    }

    // MARK: - SnapshotSink

    public func write(snapshotID: Int64, vertex: String, instance: Int, entries: [SnapshotEntry]) {
        writer?.write(jobSnapshotID: snapshotID, vertex: vertex, instance: instance, entries: entries)
    }

    public func annotate(snapshotID: Int64, metadata: [String: String]) {
        writer?.annotate(jobSnapshotID: snapshotID, metadata: metadata)
    }

    public func commit(snapshotID: Int64, metadata: [String: String]) async throws -> SnapshotManifest {
        guard let writer else {
            throw SnapshotStoreError(.invalidArgument, "the snapshot store at \(directory) is open for reading only")
        }
        return try await writer.commit(jobSnapshotID: snapshotID, metadata: metadata)
    }

    public func abort(snapshotID: Int64) {
        writer?.abort(jobSnapshotID: snapshotID)
    }

    public func close() async {
        await writer?.stop()
        if lockDescriptor >= 0 {
            POSIXFile.closeDescriptor(lockDescriptor)
            lockDescriptor = -1
        }
    }

    // MARK: - Reading

    public func list() throws -> [SnapshotListing] {
        try DirectoryBackend.list(layout)
    }

    public func read(
        _ manifest: SnapshotManifest, vertices: Set<String>?,
        _ body: (SnapshotSegment, [SnapshotEntry]) throws -> Void
    ) throws {
        try readBlocks(manifest, vertices: vertices, body)
    }

    public func delete(id: Int64) throws {
        let path = layout.snapshot(id)
        guard POSIXFile.isDirectory(path) else {
            throw SnapshotStoreError(.notFound, "there is no snapshot \(id) in \(directory)", snapshotID: id)
        }
        try DirectoryBackend.remove(path, layout: layout, id: id)
    }
}

extension DirectorySnapshotStore: SnapshotSegmentSource {
    func forEachSegment(
        of manifest: SnapshotManifest, segments: [Int],
        _ body: (SnapshotSegment, inout any SegmentBlockDecoding) throws -> Void
    ) throws {
        let path = layout.snapshot(manifest.id)
        for index in segments {
            let segment = manifest.segments[index]
            guard let file = segment.file else {
                throw SnapshotStoreError(
                    .damaged, "the manifest names no file for '\(segment.vertex)' instance \(segment.instance)",
                    snapshotID: manifest.id)
            }
            let filePath = path + "/" + file
            var decoder: any SegmentBlockDecoding = SnapshotSegmentDecoder(
                reader: try FileByteReader(path: filePath, snapshotID: manifest.id), expected: segment,
                snapshotID: manifest.id, location: "segment file \(filePath)")
            try body(segment, &decoder)
        }
    }
}
