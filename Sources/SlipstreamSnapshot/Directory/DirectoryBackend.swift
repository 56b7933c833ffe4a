import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory store's side of the writer: begins snapshots in staging, lists, and applies retention.
final class DirectoryBackend: SnapshotWriterBackend {
    private let layout: DirectoryLayout
    private let retain: Int
    private let logger: Logger

    init(layout: DirectoryLayout, retain: Int, logger: Logger) {
        self.layout = layout
        self.retain = retain
        self.logger = logger
    }

    func beginSnapshot(id: Int64) throws(SnapshotStoreError) -> any SnapshotOutput {
        try DirectorySnapshotOutput(layout: layout, id: id, logger: logger)
    }

    func applyRetention(after committed: SnapshotManifest) {
        do {
            let listings = try Self.list(layout)
            let complete = listings.filter(\.isComplete)
            guard complete.count > retain else { return }
            let oldestKept = complete[retain - 1].id
            for listing in listings where listing.id < oldestKept {
                try Self.remove(layout.snapshot(listing.id), layout: layout, id: listing.id)
                logger.info("snapshot \(listing.id) deleted (retention keeps the newest \(retain))")
            }
        } catch {
            logger.warning("retention after snapshot \(committed.id) failed: \(error)")
        }
    }

    /// Every snapshot directory, newest first, with its manifest or its problem.
    static func list(_ layout: DirectoryLayout) throws(SnapshotStoreError) -> [SnapshotListing] {
        var listings: [SnapshotListing] = []
        for name in try POSIXFile.contents(of: layout.root) {
            guard let id = DirectoryLayout.id(fromName: name) else { continue }
            listings.append(inspect(id, layout: layout))
        }
        return listings.sorted { $0.id > $1.id }
    }

    private static func inspect(_ id: Int64, layout: DirectoryLayout) -> SnapshotListing {
        let path = layout.snapshot(id)
        let manifestPath = path + "/" + DirectoryLayout.manifestName
        guard POSIXFile.fileSize(manifestPath) != nil else {
            return SnapshotListing(
                id: id, manifest: nil,
                problem: SnapshotStoreError(
                    .incomplete, "\(manifestPath) is missing: the snapshot was never completed", snapshotID: id))
        }
        let manifest: SnapshotManifest
        do {
            manifest = try SnapshotManifest.decode(POSIXFile.readFile(manifestPath, snapshotID: id), snapshotID: id)
        } catch {
            return SnapshotListing(id: id, manifest: nil, problem: error)
        }
        for segment in manifest.segments {
            guard let file = segment.file else {
                return SnapshotListing(
                    id: id, manifest: manifest,
                    problem: SnapshotStoreError(
                        .damaged, "the manifest names no file for '\(segment.vertex)' instance \(segment.instance)",
                        snapshotID: id))
            }
            let filePath = path + "/" + file
            guard let size = POSIXFile.fileSize(filePath) else {
                return SnapshotListing(
                    id: id, manifest: manifest,
                    problem: SnapshotStoreError(.damaged, "segment file \(filePath) is missing", snapshotID: id))
            }
            guard size == segment.byteCount else {
                return SnapshotListing(
                    id: id, manifest: manifest,
                    problem: SnapshotStoreError(
                        .damaged,
                        "segment file \(filePath) is \(size) bytes, the manifest says \(segment.byteCount) "
                            + "(truncated or overwritten)",
                        snapshotID: id))
            }
        }
        return SnapshotListing(id: id, manifest: manifest, problem: nil)
    }

    /// Moves a snapshot out of sight first (so that a half-removed snapshot never looks like one), then removes it.
    static func remove(_ path: String, layout: DirectoryLayout, id: Int64) throws(SnapshotStoreError) {
        // Rename within the root: the staging directory may be unusable, and a reader may delete while a writer
        // stages.
        let doomed = layout.root + "/" + DirectoryLayout.deletingPrefix + "\(DirectoryLayout.name(of: id))-\(getpid())"
        try POSIXFile.move(path, doomed, snapshotID: id)
        try POSIXFile.syncDirectory(layout.root, snapshotID: id)
        try POSIXFile.removeTree(doomed)
    }
}
