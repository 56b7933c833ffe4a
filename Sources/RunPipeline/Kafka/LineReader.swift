#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file (or stdin for "-") in large chunks and hands out each line as a byte view, with its 1-based line
/// number; a trailing `\r` is dropped. Nothing is allocated per line.
final class LineReader {
    let name: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int

    init(path: String, chunkSize: Int = 1 << 20) throws {
        if path == "-" {
            fd = 0
            ownsDescriptor = false
            name = "standard input"
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw KafkaCommandError("cannot open '\(path)': \(String(cString: strerror(errno)))") }
            var status = stat()
            if fstat(fd, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw KafkaCommandError("'\(path)' is a directory, not a JSON Lines file")
            }
            ownsDescriptor = true
            name = path
        }
        capacity = chunkSize
        buffer = .allocate(byteCount: chunkSize, alignment: 16)
    }

    deinit {
        if ownsDescriptor { close(fd) }
        buffer.deallocate()
    }

    /// Calls `body` for every line (blank ones included) until the input ends or `body` returns false.
    func forEachLine(_ body: (UnsafeRawBufferPointer, Int) throws -> Bool) throws {
        var filled = 0
        var lineNumber = 0
        var atEnd = false
        while true {
            if !atEnd {
                if filled == capacity {
                    // A line longer than the buffer: grow it.
                    let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                    bigger.copyMemory(from: buffer, byteCount: filled)
                    buffer.deallocate()
                    buffer = bigger
                    capacity *= 2
                }
                let count = read(fd, buffer + filled, capacity - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw KafkaCommandError("cannot read \(name): \(String(cString: strerror(errno)))")
                }
                if count == 0 { atEnd = true } else { filled += count }
            }
            var start = 0
            while start < filled {
                guard let newline = memchr(buffer + start, 0x0A, filled - start) else { break }
                let end = buffer.distance(to: newline)
                lineNumber += 1
                if try !body(line(start, end), lineNumber) { return }
                start = end + 1
            }
            if atEnd {
                if start < filled {
                    lineNumber += 1
                    _ = try body(line(start, filled), lineNumber)
                }
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

extension UnsafeRawBufferPointer {
    /// Whether the bytes are only spaces and tabs.
    var isBlankLine: Bool { allSatisfy { $0 == 0x20 || $0 == 0x09 } }
}
