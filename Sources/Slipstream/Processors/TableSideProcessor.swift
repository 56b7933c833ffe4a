import SlipstreamEngine

/// Wraps the items of an enrichment's table stream and takes the stream out of event time: it declares itself
/// idle and forwards none of the stream's watermarks.
///
/// A table (profiles, a compacted topic) often has no timestamps and so sends no watermarks; merged with the
/// event stream it would hold the coalesced watermark back forever, and windows downstream would never close.
/// Event time after an enrichment is the event stream's alone.
struct TableSideProcessor<Item, Row>: Processor {
    typealias Input = Row
    typealias Output = EitherSide<Item, Row>

    private var announcedIdle = false

    mutating func process(ordinal: Int, inbox: inout Inbox<Row>, outbox: Outbox<Output>) throws {
        guard announceIdle(outbox) else { return }
        while let row = inbox.peek() {
            guard outbox.offer(.right(row)) else { return }
            inbox.remove()
        }
    }

    mutating func tryProcess(outbox: Outbox<Output>) throws -> Bool {
        announceIdle(outbox)
    }

    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Output>) throws -> Bool {
        announceIdle(outbox)
    }

    private mutating func announceIdle(_ outbox: Outbox<Output>) -> Bool {
        if !announcedIdle { announcedIdle = outbox.offer(Watermark.idle) }
        return announcedIdle
    }
}
