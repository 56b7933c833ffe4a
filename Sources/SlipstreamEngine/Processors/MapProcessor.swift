/// Applies a function to every item: the processor of a `map` stage.
public struct MapProcessor<Input, Output>: Processor {
    @usableFromInline let transform: (Input) throws -> Output

    /// Creates a processor emitting `transform(item)` for every item.
    @inlinable
    public init(_ transform: @escaping (Input) throws -> Output) {
        self.transform = transform
    }

    @inlinable
    public mutating func process(ordinal: Int, inbox: inout Inbox<Input>, outbox: Outbox<Output>) throws {
        let transform = self.transform
        try inbox.drain(while: { item in outbox.offer(try transform(item)) })
    }
}
