import Foundation

/// Reads a JSON Lines file in large chunks and hands out each line as a byte view (no per-line allocation).
/// Lines end with `\n` (a `\r` before it is dropped); blank lines are skipped but still counted in line numbers.
final class JSONLinesFile {
    let path: String
    private let fd: Int32
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int

    init(path: String, chunkSize: Int = 4 << 20) throws(EvaluateUsageError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EvaluateUsageError("input file '\(path)' does not exist")
        }
        guard !isDirectory.boolValue else { throw EvaluateUsageError("input '\(path)' is a directory, not a JSON Lines file") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw EvaluateUsageError("cannot open '\(path)': \(String(cString: strerror(errno)))") }
        self.fd = fd
        self.capacity = chunkSize
        self.buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 64)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Calls `body` with each non-blank line and its 1-based number until it returns false or the file ends.
    func forEachLine(_ body: (UnsafeRawBufferPointer, Int) throws -> Bool) throws {
        _ = lseek(fd, 0, SEEK_SET)
        var filled = 0
        var lineNumber = 0
        var eof = false
        while !eof || filled > 0 {
            if !eof {
                if filled == capacity {
                    // A line longer than the buffer: grow it.
                    let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 64)
                    bigger.copyMemory(from: buffer, byteCount: filled)
                    buffer.deallocate()
                    buffer = bigger
                    capacity *= 2
                }
                let n = read(fd, buffer + filled, capacity - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw EvaluateUsageError("cannot read '\(path)': \(String(cString: strerror(errno)))")
                }
                if n == 0 { eof = true } else { filled += n }
            }
            var start = 0
            while start < filled {
                let remaining = filled - start
                guard let nl = memchr(buffer + start, 0x0A, remaining) else {
                    if !eof { break }
                    // The last line has no newline.
                    lineNumber += 1
                    if try !emit(start, filled, lineNumber, body) { return }
                    start = filled
                    break
                }
                let end = buffer.distance(to: nl)
                lineNumber += 1
                if try !emit(start, end, lineNumber, body) { return }
                start = end + 1
            }
            if start > 0 {
                (buffer).copyMemory(from: buffer + start, byteCount: filled - start)
                filled -= start
            } else if eof {
                break
            }
        }
    }

    private func emit(_ start: Int, _ end: Int, _ line: Int, _ body: (UnsafeRawBufferPointer, Int) throws -> Bool) throws -> Bool {
        var e = end
        if e > start && buffer.load(fromByteOffset: e - 1, as: UInt8.self) == 0x0D { e -= 1 }
        var blank = true
        for i in start..<e {
            let c = buffer.load(fromByteOffset: i, as: UInt8.self)
            if c != 0x20 && c != 0x09 { blank = false; break }
        }
        if blank { return true }
        return try body(UnsafeRawBufferPointer(start: buffer + start, count: e - start), line)
    }
}
