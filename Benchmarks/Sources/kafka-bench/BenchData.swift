import Foundation

/// The benchmark's messages: `count` lines of `key<TAB>value`, each value a JSON event of about 200 bytes, written
/// once to a file that both kcat and our producer read.
enum BenchData {
    static func write(count: Int, to path: String) throws -> (bytes: Int, valueBytes: Int) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw BenchError("cannot create \(path)") }
        defer { try? handle.close() }
        var chunk = [UInt8]()
        chunk.reserveCapacity(1 << 22)
        var state: UInt64 = 42
        var total = 0
        var values = 0
        for id in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let user = (state >> 33) % 100_000
            var line = "u\(user)\t{\"id\":\(id),\"ts\":\(1_700_000_000_000 + id),\"key\":\"u\(user)\",\"segment\":\"s\(state % 8)\""
            for field in 0..<9 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                line += ",\"x\(field)\":0.\(100_000 + (state >> 40) % 900_000)"
            }
            line += ",\"label\":\(state >> 63)}"
            values += line.utf8.count - line.utf8.firstIndex(of: 9)!.utf16Offset(in: line) - 1
            line += "\n"
            chunk.append(contentsOf: line.utf8)
            total += line.utf8.count
            if chunk.count >= 1 << 22 {
                try handle.write(contentsOf: chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: chunk)
        return (total, values)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
