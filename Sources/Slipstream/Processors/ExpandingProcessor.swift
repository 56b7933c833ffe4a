import SlipstreamEngine

/// Runs a fused chain that may emit any number of items per input (it holds a `flatMap`).
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
        while let item = inbox.poll() {
            try expand(item) { pending.append($0) }
            guard pending.flush(to: outbox) else { return }
        }
    }

    mutating func complete(outbox: Outbox<Output>) throws -> Bool {
        pending.flush(to: outbox)
    }
}
