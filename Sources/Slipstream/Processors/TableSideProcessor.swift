import SlipstreamEngine

/// Wraps the items of an enrichment's table stream and takes the stream out of event time: it declares itself
/// idle and forwards none of the stream's watermarks.
///
/// A table (profiles, a compacted topic) often has no timestamps and so sends no watermarks; merged with the
/// event stream it would hold the coalesced watermark back forever, and windows downstream would never close.
/// Event time after an enrichment is the event stream's alone.
@usableFromInline
struct TableSideProcessor<Item, Row>: Processor {
    @usableFromInline typealias Input = Row
    @usableFromInline typealias Output = EitherSide<Item, Row>

    @usableFromInline var announcedIdle = false

    @inlinable
    init() {}

    @inlinable
    mutating func process(ordinal: Int, inbox: inout Inbox<Row>, outbox: Outbox<Output>) throws {
        guard announceIdle(outbox) else { return }
        while let row = inbox.peek() {
            guard outbox.offer(.right(row)) else { return }
            inbox.remove()
        }
    }

    @inlinable
    mutating func tryProcess(outbox: Outbox<Output>) throws -> Bool {
        announceIdle(outbox)
    }

    @inlinable
    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Output>) throws -> Bool {
        announceIdle(outbox)
    }

    @inlinable
    mutating func announceIdle(_ outbox: Outbox<Output>) -> Bool {
        if !announcedIdle { announcedIdle = outbox.offer(Watermark.idle) }
        return announcedIdle
    }
}
