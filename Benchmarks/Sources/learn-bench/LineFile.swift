import Foundation

/// Reads a JSON Lines file in 4 MiB chunks and hands out each line as a byte view (no allocation per line).
enum LineFile {
    static func forEachLine(path: String, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw BenchError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var capacity = 4 << 20
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        defer { buffer.deallocate() }
        var filled = 0
        var eof = false
        while true {
            if !eof {
                if filled == capacity {
                    let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 64)
                    bigger.copyMemory(from: buffer, byteCount: filled)
                    buffer.deallocate()
                    buffer = bigger
                    capacity *= 2
                }
                let n = read(fd, buffer + filled, capacity - filled)
                if n < 0 { throw BenchError("cannot read \(path)") }
                if n == 0 { eof = true } else { filled += n }
            }
            var start = 0
            while start < filled, let nl = memchr(buffer + start, 0x0A, filled - start) {
                let end = buffer.distance(to: nl)
                if end > start { body(UnsafeRawBufferPointer(start: buffer + start, count: end - start)) }
                start = end + 1
            }
            if eof {
                if start < filled { body(UnsafeRawBufferPointer(start: buffer + start, count: filled - start)) }
                return
            }
            buffer.copyMemory(from: buffer + start, byteCount: filled - start)
            filled -= start
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
