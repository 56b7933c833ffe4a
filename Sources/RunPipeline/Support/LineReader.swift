#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a JSON Lines input — a file, or standard input for "-" — in large chunks and hands out each line as a
/// byte view with its 1-based line number; a trailing `\r` is dropped. Nothing is allocated per line. Used by
/// `produce` (lines to Kafka) and `evaluate` (lines to a learner).
final class LineReader {
    /// The path, or "standard input".
    let name: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int

    /// Opens `path` ("-" for standard input).
    ///
    /// - Throws: ``InputFileError`` when the file is missing, unreadable or a directory.
    init(path: String, chunkSize: Int = 1 << 20) throws(InputFileError) {
        if path == "-" {
            fd = 0
            ownsDescriptor = false
            name = "standard input"
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw errno == ENOENT
                    ? InputFileError("input file '\(path)' does not exist")
                    : InputFileError("cannot open '\(path)': \(String(cString: strerror(errno)))")
            }
            var status = stat()
            if fstat(fd, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw InputFileError("'\(path)' is a directory, not a JSON Lines file")
            }
            ownsDescriptor = true
            name = path
        }
        capacity = chunkSize
        buffer = .allocate(byteCount: chunkSize, alignment: 64)
    }

    deinit {
        if ownsDescriptor { close(fd) }
        buffer.deallocate()
    }

    /// Whether the input can be read again from its start (a file, not standard input).
    var canRewind: Bool { ownsDescriptor }

    /// Calls `body` for every line until the input ends or `body` returns false. Blank lines (only spaces and
    /// tabs) are passed on unless `skippingBlank`; they count in the line numbers either way. A file is read
    /// from its start on every call.
    func forEachLine(skippingBlank: Bool = false, _ body: (UnsafeRawBufferPointer, Int) throws -> Bool) throws {
        if ownsDescriptor { _ = lseek(fd, 0, SEEK_SET) }
        var filled = 0
        var lineNumber = 0
        var atEnd = false
        func emit(_ start: Int, _ end: Int) throws -> Bool {
            lineNumber += 1
            let text = line(start, end)
            if skippingBlank && text.isBlankLine { return true }
            return try body(text, lineNumber)
        }
        while true {
            if !atEnd {
                if filled == capacity {
                    // A line longer than the buffer: grow it.
                    let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 64)
                    bigger.copyMemory(from: buffer, byteCount: filled)
                    buffer.deallocate()
                    buffer = bigger
                    capacity *= 2
                }
                let count = read(fd, buffer + filled, capacity - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw InputFileError("cannot read \(name): \(String(cString: strerror(errno)))")
                }
                if count == 0 { atEnd = true } else { filled += count }
            }
            var start = 0
            while start < filled {
                guard let newline = memchr(buffer + start, 0x0A, filled - start) else { break }
                let end = buffer.distance(to: newline)
                if try !emit(start, end) { return }
                start = end + 1
            }
            if atEnd {
                if start < filled { _ = try emit(start, filled) }
                return
            }
            if start > 0 {
                buffer.copyMemory(from: buffer + start, byteCount: filled - start)
                filled -= start
            }
        }
    }

    private func line(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
        var end = end
        if end > start && buffer.load(fromByteOffset: end - 1, as: UInt8.self) == 0x0D { end -= 1 }
        return UnsafeRawBufferPointer(start: buffer + start, count: end - start)
    }
}

/// An input file that cannot be opened or read, said in one line.
struct InputFileError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension UnsafeRawBufferPointer {
    /// Whether the bytes are only spaces and tabs.
    var isBlankLine: Bool { allSatisfy { $0 == 0x20 || $0 == 0x09 } }
}
