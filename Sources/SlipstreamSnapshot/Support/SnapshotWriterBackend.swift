/// What a store provides to the shared ``SnapshotWriter``: where a new snapshot's segments go, how a snapshot is
/// made durable and published, and how old ones are retired. Called only on the writer thread.
protocol SnapshotWriterBackend: AnyObject {
    /// Prepares to write snapshot `id` (the store's id).
    func beginSnapshot(id: Int64) throws(SnapshotStoreError) -> any SnapshotOutput

    /// Deletes snapshots beyond the retention count after `committed` was published; logs what fails.
    func applyRetention(after committed: SnapshotManifest)
}

/// The pieces of one snapshot being written.
protocol SnapshotOutput: AnyObject {
    /// Opens the destination of a new segment, the `index`-th of the snapshot.
    func openSegment(index: Int, vertex: String, instance: Int) throws(SnapshotStoreError) -> any SegmentOutput

    /// Makes every segment durable, then writes and publishes `manifest` (segments already finished); returns
    /// the manifest as published.
    func commit(_ manifest: SnapshotManifest) throws(SnapshotStoreError) -> SnapshotManifest

    /// Removes whatever was written of the snapshot; logs what fails.
    func discard()
}

/// The destination of one segment's bytes.
protocol SegmentOutput: AnyObject {
    /// Appends bytes (about a block at a time).
    func write(_ bytes: UnsafeRawBufferPointer) throws(SnapshotStoreError)

    /// Completes the segment and records where it is in `segment` (a file name, chunk locations).
    func finish(_ segment: inout SnapshotSegment) throws(SnapshotStoreError)
}
