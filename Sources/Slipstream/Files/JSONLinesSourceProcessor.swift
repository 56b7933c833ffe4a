import Foundation
import SlipstreamEngine

/// Reads a JSON Lines file on a thread of its own, in large chunks, decoding each line; a line that does not
/// decode is a dead letter (origin the path, offset the line number) and reading goes on. Blank lines are
/// skipped. It saves nothing in snapshots yet: a restored job reads the file from the start.
struct JSONLinesSourceProcessor<Item>: Processor {
    typealias Input = Never
    typealias Output = Item

    private let path: String
    private let decoding: PayloadDecoding<Item>
    private let deadLetterDestination: DeadLetterDestination
    private let eventTime: EventTimeSpec<Item>?
    private let divertLate: Bool
    private let pipeline: String
    private let connection: KafkaConnection?

    private var decode: ((UnsafeRawBufferPointer) throws -> Item)?
    private var file: FileHandle?
    private var deadLetters: DeadLetterWriter?
    /// Bytes read but not yet split into lines (the start of a line that continues in the next chunk).
    private var buffer: [UInt8] = []
    private var atEndOfFile = false
    /// The line number (from 1) of the next line to read.
    private var line: Int64 = 1
    private let pending = PendingItems<(item: Item, late: Bool)>()
    private var tracker: EventTimeTracker?
    private var pendingWatermark: Watermark?
    private var lateCounter = Counter()
    private var clock = EngineClock.monotonic

    private static var chunkSize: Int { 1 << 20 }

    var isCooperative: Bool { false }

    init(
        path: String, decoding: PayloadDecoding<Item>, deadLetters: DeadLetterDestination, eventTime: EventTimeSpec<Item>?,
        divertLate: Bool, pipeline: String, connection: KafkaConnection?
    ) {
        self.path = path
        self.decoding = decoding
        self.deadLetterDestination = deadLetters
        self.eventTime = eventTime
        self.divertLate = divertLate
        self.pipeline = pipeline
        self.connection = connection
    }

    mutating func initialize(context: ProcessorContext) throws {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw PipelineError("cannot open '\(path)' for reading: \(String(cString: strerror(errno)))", stage: context.vertexName)
        }
        self.file = file
        decode = decoding.makeDecoder()
        deadLetters = try DeadLetterWriter(
            destination: deadLetterDestination, connection: connection, context: context, pipeline: pipeline)
        clock = context.clock
        lateCounter = context.counters.counter(Counter.Name.lateEvents)
        tracker = eventTime?.policy(divertLate: divertLate).makeTracker(partitionCount: 1, now: clock.nanoseconds())
    }

    mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Item>) throws {}

    mutating func complete(outbox: Outbox<Item>) throws -> Bool {
        guard emitPending(outbox) else { return false }
        if atEndOfFile && buffer.isEmpty {
            try deadLetters?.flush()
            return true
        }
        try readChunk()
        if tracker != nil, let watermark = tracker!.watermark(now: clock.nanoseconds()) {
            pendingWatermark = watermark
        }
        return emitPending(outbox) && false
    }

    /// Reads the next chunk and turns its complete lines into pending items.
    private mutating func readChunk() throws {
        guard let file else { return }
        let chunk = try file.read(upToCount: Self.chunkSize) ?? Data()
        if chunk.isEmpty {
            atEndOfFile = true
            if !buffer.isEmpty { buffer.append(UInt8(ascii: "\n")) }  // the last line has no newline
        } else {
            buffer.append(contentsOf: chunk)
        }
        var lineStart = 0
        let now = clock.nanoseconds()
        var bytes = buffer
        defer { buffer = bytes }
        try bytes.withUnsafeBytes { all in
            while let newline = all[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > lineStart && all[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let text = UnsafeRawBufferPointer(rebasing: all[lineStart..<end])
                if !text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { try readLine(text, now: now) }
                line += 1
                lineStart = newline + 1
            }
        }
        bytes.removeFirst(lineStart)
    }

    private mutating func readLine(_ text: UnsafeRawBufferPointer, now: Int64) throws {
        let item: Item
        do {
            item = try decode!(text)
        } catch {
            try deadLetters?.write(
                DeadLetter(origin: path, partition: nil, offset: line, key: nil, payload: Array(text), reason: "\(error)"))
            return
        }
        guard let timestamp = eventTime?.timestamp, tracker != nil else {
            pending.append((item, false))
            return
        }
        if tracker!.observe(timestamp: timestamp(item), partition: 0, now: now) {
            pending.append((item, false))
        } else {
            lateCounter.add(1)
            if divertLate {
                pending.append((item, true))
            } else if eventTime?.keepsLate == true {
                pending.append((item, false))
            }
        }
    }

    /// Offers the pending items, then the watermark that follows them.
    private mutating func emitPending(_ outbox: Outbox<Item>) -> Bool {
        let divertLate = self.divertLate
        guard pending.flush({ entry in
            entry.late ? outbox.offer(entry.item, to: 1) : divertLate ? outbox.offer(entry.item, to: 0) : outbox.offer(entry.item)
        }) else { return false }
        if let watermark = pendingWatermark {
            guard outbox.offer(watermark) else { return false }
            pendingWatermark = nil
        }
        return true
    }

    mutating func close() throws {
        try? file?.close()
        file = nil
    }
}
