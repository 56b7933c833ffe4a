import SlipstreamEngine

/// Runs a fused chain of stateless steps: any number of outputs per input (a `flatMap`, or steps composed).
///
/// The outputs of one input are collected into a buffer that is reused for every item, then offered; what the
/// outbox refuses waits in the buffer and goes out first on the next call.
struct ExpandingProcessor<Input, Output>: Processor {
    private let expand: @Sendable (Input, (Output) throws -> Void) throws -> Void
    private let pending = PendingItems<Output>()

    init(_ expand: @escaping @Sendable (Input, (Output) throws -> Void) throws -> Void) {
        self.expand = expand
    }

    mutating func process(ordinal: Int, inbox: inout Inbox<Input>, outbox: Outbox<Output>) throws {
        guard pending.flush(to: outbox) else { return }
        let pending = self.pending
        let expand = self.expand
        // Items are read in place: this runs unspecialized (the planner makes fused chains in generic code), where
        // taking an item out as an `Optional` would look the optional's type up at run time for every item.
        var outboxFull = false
        try inbox.drainSlots(while: { slot in
            guard !outboxFull else { return false }
            try expand(slot.pointee) { pending.append($0) }
            slot.deinitialize(count: 1)
            outboxFull = !pending.flush(to: outbox)
            return true
        })
    }

    // Outputs still waiting go out before anything that follows their inputs: a watermark, a snapshot's barrier
    // (they belong to the snapshot's epoch: their inputs are behind its positions), or nothing while input is idle.
    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        return outbox.offer(watermark)
    }

    mutating func tryProcess(outbox: Outbox<Output>) throws -> Bool {
        pending.flush(to: outbox)
    }

    mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Output>) throws -> Bool {
        pending.flush(to: outbox)
    }

    mutating func complete(outbox: Outbox<Output>) throws -> Bool {
        pending.flush(to: outbox)
    }
}
