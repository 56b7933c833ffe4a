/// An aggregation fed through a transform of each item: `SumAggregate<Double>().mapInput { $0.amount }`
/// sums the amounts of payments.
public struct MappedAggregate<Base: AggregateOperation, Input>: AggregateOperation {
    public let base: Base
    public let transform: @Sendable (Input) -> Base.Input

    public init(_ base: Base, transform: @escaping @Sendable (Input) -> Base.Input) {
        self.base = base
        self.transform = transform
    }

    @inlinable public func makeAccumulator() -> Base.Accumulator { base.makeAccumulator() }
    @inlinable public func accumulate(_ input: Input, into accumulator: inout Base.Accumulator) {
        base.accumulate(transform(input), into: &accumulator)
    }
    @inlinable public func combine(_ other: Base.Accumulator, into accumulator: inout Base.Accumulator) {
        base.combine(other, into: &accumulator)
    }
    @inlinable public func result(of accumulator: Base.Accumulator) -> Base.Output { base.result(of: accumulator) }
}

extension AggregateOperation {
    /// This aggregation applied to `transform(item)` for each item.
    public func mapInput<NewInput>(_ transform: @escaping @Sendable (NewInput) -> Input) -> MappedAggregate<Self, NewInput> {
        MappedAggregate(self, transform: transform)
    }
}
