import SlipstreamEngine

/// Wraps every item in a value of the next stage's input type (an `EitherSide`, a `LearnerInput`), moving it out
/// of the inbox into the wrapper instead of copying it: the processor of an internal `wrap` step running alone.
///
/// A wrapped item the outbox refuses waits in `pending` and goes out first on the next call.
@usableFromInline
struct WrappingProcessor<Input, Output>: HoldsPendingOutputs {
    @usableFromInline let wrap: @Sendable (consuming Input) -> Output
    @usableFromInline let pending = PendingItems<Output>()

    @inlinable
    init(_ wrap: @escaping @Sendable (consuming Input) -> Output) {
        self.wrap = wrap
    }

    @inlinable
    mutating func process(ordinal: Int, inbox: inout Inbox<Input>, outbox: Outbox<Output>) throws {
        guard pending.flush(to: outbox) else { return }
        let wrap = self.wrap
        let pending = self.pending
        var outboxFull = false
        inbox.drainSlots(while: { slot in
            guard !outboxFull else { return false }
            if let refused = outbox.offerOrReturn(wrap(slot.move())) {
                pending.append(consume refused)
                outboxFull = true
            }
            return true
        })
    }
}
