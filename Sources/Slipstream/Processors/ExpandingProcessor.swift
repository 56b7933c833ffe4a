import SlipstreamEngine

/// Runs a fused chain of stateless steps: any number of outputs per input (a `flatMap`, or steps composed).
///
/// The outputs of one input are collected into a buffer that is reused for every item, then moved into the
/// outbox; what it refuses waits in the buffer and goes out first on the next call.
struct ExpandingProcessor<Input, Output>: HoldsPendingOutputs {
    private let expand: @Sendable (Input, (consuming Output) throws -> Void) throws -> Void
    let pending = PendingItems<Output>()

    init(_ expand: @escaping @Sendable (Input, (consuming Output) throws -> Void) throws -> Void) {
        self.expand = expand
    }

    mutating func process(ordinal: Int, inbox: inout Inbox<Input>, outbox: Outbox<Output>) throws {
        guard pending.flush(to: outbox) else { return }
        let pending = self.pending
        let expand = self.expand
        // Items are read in place: this runs unspecialized (the planner makes fused chains in generic code), where
        // taking an item out as an `Optional` would look the optional's type up at run time for every item.
        // Outputs are collected in `pending` and moved on from there: offering them straight to the outbox would
        // hand a refused one back as an `Optional`, the same lookup again.
        var outboxFull = false
        try inbox.drainSlots(while: { slot in
            guard !outboxFull else { return false }
            try expand(slot.pointee) { pending.append($0) }
            slot.deinitialize(count: 1)
            outboxFull = !pending.flush(to: outbox)
            return true
        })
    }
}
