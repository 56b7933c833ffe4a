import Logging
import SlipstreamEngine

extension SnapshotStore {
    /// Commits without further metadata; this is how the engine's ``SnapshotSink`` calls the store.
    public func commit(snapshotID: Int64) async throws {
        _ = try await commit(snapshotID: snapshotID, metadata: [:])
    }

    /// The manifest of snapshot `id` (the store's id).
    ///
    /// - Throws: ``SnapshotStoreError/Code/notFound`` when there is no such snapshot, or its problem when it is
    ///   incomplete or damaged.
    public func manifest(id: Int64) throws -> SnapshotManifest {
        guard let listing = try list().first(where: { $0.id == id }) else {
            throw SnapshotStoreError(.notFound, "there is no snapshot \(id)", snapshotID: id)
        }
        if let problem = listing.problem { throw problem }
        guard let manifest = listing.manifest else {
            throw SnapshotStoreError(.incomplete, "snapshot \(id) has no manifest", snapshotID: id)
        }
        return manifest
    }

    /// The newest snapshot that looks complete (valid manifest, every piece present with the right size),
    /// logging each newer one that is skipped and why. Data checksums are checked by ``loadLatest()``.
    public func latestComplete() throws -> SnapshotManifest? {
        for listing in try list() {
            if let manifest = listing.manifest, listing.problem == nil { return manifest }
            logSkipped(listing.id, listing.problem)
        }
        return nil
    }

    /// Reads the whole of snapshot `manifest` into memory, verifying every checksum.
    public func load(_ manifest: SnapshotManifest, vertices: Set<String>? = nil) throws -> SnapshotContents {
        if let source = self as? any SnapshotSegmentSource {
            return try source.loadContents(manifest, vertices: vertices)
        }
        var builder = SnapshotContents.Builder(manifest: manifest)
        try read(manifest, vertices: vertices) { segment, entries in builder.add(segment, entries) }
        return builder.build()
    }

    /// Reads snapshot `id` (the store's id) into memory, verifying every checksum.
    public func load(id: Int64, vertices: Set<String>? = nil) throws -> SnapshotContents {
        try load(manifest(id: id), vertices: vertices)
    }

    /// The newest snapshot that reads back completely with every checksum right, or `nil` if there is none.
    /// Each newer snapshot that is incomplete, damaged or in an unknown format is skipped with a warning in
    /// ``logger`` saying which and why; this is the restore point a job resumes from.
    ///
    /// - Throws: ``SnapshotStoreError/Code/readFailed`` when the store itself cannot be read (a snapshot that
    ///   merely is unusable never throws here).
    public func loadLatest(vertices: Set<String>? = nil) throws -> SnapshotContents? {
        for listing in try list() {
            guard let manifest = listing.manifest, listing.problem == nil else {
                logSkipped(listing.id, listing.problem)
                continue
            }
            do {
                return try load(manifest, vertices: vertices)
            } catch let error as SnapshotStoreError where error.snapshotIsUnusable {
                logSkipped(listing.id, error)
            }
        }
        return nil
    }

    /// Reads snapshot `id` completely and checks every checksum, without keeping the entries.
    ///
    /// - Throws: the problem found, as ``read(_:vertices:_:)`` describes.
    public func verify(_ id: Int64) throws {
        try read(manifest(id: id), vertices: nil) { _, _ in }
    }

    private func logSkipped(_ id: Int64, _ problem: SnapshotStoreError?) {
        let reason = problem.map { "\($0.code): \($0.message)" } ?? "no manifest"
        logger.warning(
            "skipping snapshot \(id), it cannot be restored (\(reason)); trying the previous one",
            metadata: ["snapshot": "\(id)"])
    }
}
