/// The hot entry points of a processor type, captured where the type is concrete so that the closures run
/// specialized code; the tasklet, generic over the processor, calls them once per batch. This is the one
/// place where the engine erases processor types: per call, never per item.
@usableFromInline
struct ProcessorEntryPoints<P: Processor> {
    @usableFromInline let process: (inout P, Int, inout Inbox<P.Input>, Outbox<P.Output>) throws -> Void
    @usableFromInline let complete: (inout P, Outbox<P.Output>) throws -> Bool

    @inlinable
    init(
        process: @escaping (inout P, Int, inout Inbox<P.Input>, Outbox<P.Output>) throws -> Void,
        complete: @escaping (inout P, Outbox<P.Output>) throws -> Bool
    ) {
        self.process = process
        self.complete = complete
    }
}
