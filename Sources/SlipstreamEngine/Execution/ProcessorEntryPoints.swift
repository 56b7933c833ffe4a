/// What one visit of an input queue achieved.
@usableFromInline
enum QueueStep {
    /// Nothing was waiting.
    case empty
    /// The processor took `consumed` of the `available` items waiting before the next control item.
    case processed(consumed: Int, available: Int)
    /// A control item was at the head; it has been taken.
    case control(ControlItem)
}

/// The hot entry points of a processor type, captured where the type is concrete so that the closures run
/// specialized code; the tasklet, generic over the processor, calls them once per batch. This is the one
/// place where the engine erases processor types: per call, never per item.
@usableFromInline
struct ProcessorEntryPoints<P: Processor> {
    /// Visits one input queue (an `SPSCQueue<P.Input>`): hands the items before the next control item to the
    /// processor in an inbox, or takes the control item at the head.
    @usableFromInline let processQueue: (inout P, Int, Unmanaged<AnyObject>, Outbox<P.Output>) throws -> QueueStep
    @usableFromInline let complete: (inout P, Outbox<P.Output>) throws -> Bool

    @inlinable
    init(
        processQueue: @escaping (inout P, Int, Unmanaged<AnyObject>, Outbox<P.Output>) throws -> QueueStep,
        complete: @escaping (inout P, Outbox<P.Output>) throws -> Bool
    ) {
        self.processQueue = processQueue
        self.complete = complete
    }

    /// The entry points of `P`; inlined at the caller so they are specialized for the concrete processor type.
    @inlinable
    static func make() -> Self {
        ProcessorEntryPoints(
            processQueue: { processor, ordinal, queueRef, outbox in
                let queue = unsafeDowncast(queueRef.takeUnretainedValue(), to: SPSCQueue<P.Input>.self)
                switch queue.peekHead() {
                case .empty:
                    return .empty
                case .items(let start, let available):
                    var inbox = Inbox(items: start, count: available)
                    defer { queue.advanceHead(by: inbox.removedCount) }
                    try processor.process(ordinal: ordinal, inbox: &inbox, outbox: outbox)
                    return .processed(consumed: inbox.removedCount, available: available)
                case .control:
                    return .control(queue.pollControl())
                }
            },
            complete: { processor, outbox in try processor.complete(outbox: outbox) })
    }
}
