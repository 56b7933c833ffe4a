import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One snapshot being written into the staging directory of a ``DirectorySnapshotStore``.
final class DirectorySnapshotOutput: SnapshotOutput {
    private let layout: DirectoryLayout
    private let id: Int64
    private let logger: Logger
    private let path: String
    private var files: [SegmentFileOutput] = []

    init(layout: DirectoryLayout, id: Int64, logger: Logger) throws(SnapshotStoreError) {
        self.layout = layout
        self.id = id
        self.logger = logger
        path = layout.staged(id)
        try POSIXFile.makeDirectory(path, snapshotID: id)
    }

    func openSegment(index: Int, vertex: String, instance: Int) throws(SnapshotStoreError) -> any SegmentOutput {
        let name = DirectoryLayout.segmentFileName(index: index, vertex: vertex, instance: instance)
        let file = try SegmentFileOutput(path: path + "/" + name, name: name, snapshotID: id)
        files.append(file)
        return file
    }

    /// Every segment file was fsynced by its `finish`; now the manifest (temp file, fsync, rename, fsync the
    /// directory), then the snapshot directory moves to its final name and the root is fsynced.
    func commit(_ manifest: SnapshotManifest) throws(SnapshotStoreError) -> SnapshotManifest {
        let temporary = path + "/" + DirectoryLayout.manifestName + ".tmp"
        let fd = try POSIXFile.create(temporary, snapshotID: id)
        do throws(SnapshotStoreError) {
            try POSIXFile.writeAll(fd, manifest.encoded(), path: temporary, snapshotID: id)
            try POSIXFile.sync(fd, path: temporary, snapshotID: id)
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        try POSIXFile.move(temporary, path + "/" + DirectoryLayout.manifestName, snapshotID: id)
        try POSIXFile.syncDirectory(path, snapshotID: id)
        try POSIXFile.move(path, layout.snapshot(id), snapshotID: id)
        try POSIXFile.syncDirectory(layout.root, snapshotID: id)
        try POSIXFile.syncDirectory(layout.staging, snapshotID: id)
        return manifest
    }

    func discard() {
        for file in files { file.closeQuietly() }
        files.removeAll()
        do {
            try POSIXFile.removeTree(path)
        } catch {
            logger.warning("cannot remove the abandoned snapshot \(id) at \(path): \(error)")
        }
    }
}

/// One segment file: blocks are written as they come, then the file is fsynced and closed.
final class SegmentFileOutput: SegmentOutput {
    private var fd: Int32
    private let path: String
    private let name: String
    private let snapshotID: Int64

    init(path: String, name: String, snapshotID: Int64) throws(SnapshotStoreError) {
        fd = try POSIXFile.create(path, snapshotID: snapshotID)
        self.path = path
        self.name = name
        self.snapshotID = snapshotID
    }

    deinit {
        closeQuietly()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SnapshotStoreError) {
        try POSIXFile.writeAll(fd, bytes, path: path, snapshotID: snapshotID)
    }

    func finish(_ segment: inout SnapshotSegment) throws(SnapshotStoreError) {
        try POSIXFile.sync(fd, path: path, snapshotID: snapshotID)
        closeQuietly()
        segment.file = name
    }

    func closeQuietly() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
    }
}
