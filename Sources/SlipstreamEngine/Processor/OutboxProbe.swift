/// An outbox whose output is read back directly, for test harnesses: every ordinal has one queue of the given
/// capacity (1 to exercise a processor's handling of a full outbox on every item).
package final class OutboxProbe<Element> {
    /// What came out of an ordinal, in order.
    package enum Event {
        case item(Element)
        case watermark(Watermark)
        case barrier(SnapshotBarrier)
        case done
    }

    /// The outbox to hand to the processor.
    package let outbox: Outbox<Element>
    private let queues: [SPSCQueue<Element>]

    /// Creates an outbox of `ordinalCount` ordinals of `capacity` items each.
    package init(ordinalCount: Int, capacity: Int = 1) {
        queues = (0..<ordinalCount).map { _ in SPSCQueue(capacity: capacity) }
        outbox = Outbox(collectors: queues.map { OutboundCollector(kind: .single, queues: [$0]) })
    }

    /// Allows `limit` offers until the next call (unlimited by default).
    package func beginCall(limit: Int = Int.max) {
        outbox.beginCall(limit: limit)
    }

    /// Takes everything emitted so far, per ordinal, making room in the outbox.
    package func drain() -> [[Event]] {
        outbox.publish()
        return queues.map { queue in
            var events: [Event] = []
            loop: while true {
                switch queue.peekHead() {
                case .empty:
                    break loop
                case .items(let start, let count):
                    for index in 0..<count { events.append(.item((start + index).move())) }
                    queue.advanceHead(by: count)
                case .control:
                    switch queue.pollControl() {
                    case .watermark(let watermark): events.append(.watermark(watermark))
                    case .barrier(let barrier): events.append(.barrier(barrier))
                    case .done: events.append(.done)
                    }
                }
            }
            return events
        }
    }
}
