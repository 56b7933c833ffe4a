import Foundation
import SlipstreamEngine

/// Writes items as lines of a file (JSON Lines when the encoding writes JSON), one write per inbox batch, from
/// one instance; it syncs the file to disk on completion and at snapshots.
struct FileSinkProcessor<Item>: Processor {
    typealias Output = Never

    private let path: String
    private let append: Bool
    private let encode: @Sendable (Item, inout [UInt8]) throws -> Void
    private var file: FileHandle?
    private var buffer: [UInt8] = []

    var isCooperative: Bool { false }

    init(path: String, append: Bool, encode: @escaping @Sendable (Item, inout [UInt8]) throws -> Void) {
        self.path = path
        self.append = append
        self.encode = encode
    }

    mutating func initialize(context: ProcessorContext) throws {
        let manager = FileManager.default
        if !append || !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil) else {
                throw PipelineError("cannot create '\(path)': \(String(cString: strerror(errno)))", stage: context.vertexName)
            }
        }
        guard let file = FileHandle(forWritingAtPath: path) else {
            throw PipelineError("cannot open '\(path)' for writing: \(String(cString: strerror(errno)))", stage: context.vertexName)
        }
        if append { try file.seekToEnd() }
        self.file = file
        buffer.reserveCapacity(1 << 16)
    }

    mutating func process(ordinal: Int, inbox: inout Inbox<Item>, outbox: Outbox<Never>) throws {
        let encode = self.encode
        // Swapped out rather than copied, so that the buffer stays uniquely referenced and keeps its capacity.
        var buffer: [UInt8] = []
        swap(&buffer, &self.buffer)
        defer { swap(&buffer, &self.buffer) }
        buffer.removeAll(keepingCapacity: true)
        try inbox.drainAll { item in
            try encode(item, &buffer)
            buffer.append(UInt8(ascii: "\n"))
        }
        try file?.write(contentsOf: buffer)
    }

    mutating func complete(outbox: Outbox<Never>) throws -> Bool {
        try file?.synchronize()
        return true
    }

    mutating func snapshotCommitPrepare() throws -> Bool {
        try file?.synchronize()
        return true
    }

    mutating func close() throws {
        try file?.close()
        file = nil
    }
}
