#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin throwing wrappers over the POSIX calls the directory store needs, so that every failure becomes a
/// ``SnapshotStoreError`` naming the path, the operation and the system's reason ("No space left on device").
enum POSIXFile {
    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    static func failure(
        _ code: SnapshotStoreError.Code, _ operation: String, _ path: String, errno value: Int32 = errno,
        snapshotID: Int64? = nil
    ) -> SnapshotStoreError {
        SnapshotStoreError(code, "cannot \(operation) \(path): \(describe(value)) (errno \(value))", snapshotID: snapshotID)
    }

    static func closeDescriptor(_ fd: Int32) {
        _ = close(fd)
    }

    /// Creates a new file for writing; fails if it exists.
    static func create(_ path: String, snapshotID: Int64? = nil) throws(SnapshotStoreError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(.writeFailed, "create", path, snapshotID: snapshotID) }
        return fd
    }

    /// Opens an existing file for reading.
    static func openForReading(_ path: String, snapshotID: Int64? = nil) throws(SnapshotStoreError) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw failure(code == ENOENT ? .damaged : .readFailed, "open", path, errno: code, snapshotID: snapshotID)
        }
        return fd
    }

    /// Writes all of `bytes`, retrying partial writes and interruptions.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String, snapshotID: Int64? = nil)
        throws(SnapshotStoreError)
    {
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(fd, pointer, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(.writeFailed, "write", path, snapshotID: snapshotID)
            }
            pointer += written
            remaining -= written
        }
    }

    /// Writes all of `bytes`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String, snapshotID: Int64? = nil) throws(SnapshotStoreError) {
        let failure = bytes.withUnsafeBytes { raw -> SnapshotStoreError? in
            do throws(SnapshotStoreError) {
                try writeAll(fd, raw, path: path, snapshotID: snapshotID)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Reads up to `count` bytes, fewer only at the end of the file.
    static func readChunk(_ fd: Int32, count: Int, path: String, snapshotID: Int64? = nil) throws(SnapshotStoreError) -> [UInt8] {
        var failureCode: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            while initialized < count {
                let got = read(fd, buffer.baseAddress! + initialized, count - initialized)
                if got < 0 {
                    if errno == EINTR { continue }
                    failureCode = errno
                    break
                }
                if got == 0 { break }
                initialized += got
            }
        }
        if failureCode != 0 { throw failure(.readFailed, "read", path, errno: failureCode, snapshotID: snapshotID) }
        return bytes
    }

    /// Flushes a file's data and metadata to the device.
    static func sync(_ fd: Int32, path: String, snapshotID: Int64? = nil) throws(SnapshotStoreError) {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw failure(.writeFailed, "fsync", path, snapshotID: snapshotID)
        }
    }

    /// Flushes a directory, making the names created, renamed or removed in it durable.
    static func syncDirectory(_ path: String, snapshotID: Int64? = nil) throws(SnapshotStoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(.writeFailed, "open directory", path, snapshotID: snapshotID) }
        defer { close(fd) }
        try sync(fd, path: path, snapshotID: snapshotID)
    }

    static func makeDirectory(_ path: String, snapshotID: Int64? = nil) throws(SnapshotStoreError) {
        guard mkdir(path, 0o755) == 0 else {
            throw failure(.writeFailed, "create directory", path, snapshotID: snapshotID)
        }
    }

    /// Creates `path` and its missing parents.
    static func makeDirectories(_ path: String) throws(SnapshotStoreError) {
        if isDirectory(path) { return }
        let parent = parentPath(path)
        if parent != path && !parent.isEmpty { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && !(errno == EEXIST && isDirectory(path)) {
            throw failure(.writeFailed, "create directory", path)
        }
    }

    static func move(_ from: String, _ to: String, snapshotID: Int64? = nil) throws(SnapshotStoreError) {
        guard rename(from, to) == 0 else {
            throw failure(.writeFailed, "rename \(from) to", to, snapshotID: snapshotID)
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The size of a regular file, or nil if there is none.
    static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// The names in a directory, without "." and "..".
    static func contents(of path: String) throws(SnapshotStoreError) -> [String] {
        guard let directory = opendir(path) else { throw failure(.readFailed, "list", path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Reads a whole (small) file.
    static func readFile(_ path: String, snapshotID: Int64? = nil) throws(SnapshotStoreError) -> [UInt8] {
        let fd = try openForReading(path, snapshotID: snapshotID)
        defer { close(fd) }
        var result: [UInt8] = []
        while true {
            let chunk = try readChunk(fd, count: 1 << 16, path: path, snapshotID: snapshotID)
            result.append(contentsOf: chunk)
            if chunk.count < 1 << 16 { return result }
        }
    }

    /// Removes a file or a directory tree; a missing path is not an error.
    static func removeTree(_ path: String) throws(SnapshotStoreError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw failure(.writeFailed, "remove", path)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in try contents(of: path) { try removeTree(path + "/" + name) }
            guard rmdir(path) == 0 else { throw failure(.writeFailed, "remove directory", path) }
        } else {
            guard unlink(path) == 0 else { throw failure(.writeFailed, "remove", path) }
        }
    }

    static func parentPath(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
