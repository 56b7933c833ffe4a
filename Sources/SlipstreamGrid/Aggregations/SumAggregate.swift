/// Sums numbers.
public struct SumAggregate<Number: AdditiveArithmetic & Sendable>: AggregateOperation {
    public init() {}
    @inlinable public func makeAccumulator() -> Number { .zero }
    @inlinable public func accumulate(_ input: Number, into accumulator: inout Number) { accumulator += input }
    @inlinable public func combine(_ other: Number, into accumulator: inout Number) { accumulator += other }
    @inlinable public func result(of accumulator: Number) -> Number { accumulator }
}
