#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a segment file sequentially: one system call per block payload, the small framing reads apart.
final class FileByteReader: SnapshotByteReader {
    private let fd: Int32
    private let path: String
    private let snapshotID: Int64

    init(path: String, snapshotID: Int64) throws(SnapshotStoreError) {
        fd = try POSIXFile.openForReading(path, snapshotID: snapshotID)
        self.path = path
        self.snapshotID = snapshotID
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
    }

    deinit {
        close(fd)
    }

    func read(_ count: Int) throws(SnapshotStoreError) -> [UInt8] {
        try POSIXFile.readChunk(fd, count: count, path: path, snapshotID: snapshotID)
    }
}
