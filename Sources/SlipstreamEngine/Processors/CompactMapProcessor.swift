/// Applies a function to every item and emits the non-`nil` results.
///
/// This is the shape a planner fuses a chain of stateless `map` and `filter` stages into: one function
/// `(Input) -> Output?` and one processor, so the chain costs a single hop.
public struct CompactMapProcessor<Input, Output>: Processor {
    @usableFromInline let transform: (Input) throws -> Output?

    /// Creates a processor emitting `transform(item)` for every item where it is not `nil`.
    @inlinable
    public init(_ transform: @escaping (Input) throws -> Output?) {
        self.transform = transform
    }

    @inlinable
    public mutating func process(ordinal: Int, inbox: inout Inbox<Input>, outbox: Outbox<Output>) throws {
        let transform = self.transform
        try inbox.drain(while: { item in
            guard let output = try transform(item) else { return true }
            return outbox.offer(output)
        })
    }
}
