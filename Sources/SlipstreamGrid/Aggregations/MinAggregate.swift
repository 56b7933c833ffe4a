/// The smallest item; `nil` when no item was seen.
public struct MinAggregate<Value: Comparable & Sendable>: AggregateOperation {
    public init() {}
    @inlinable public func makeAccumulator() -> Value? { nil }
    @inlinable public func accumulate(_ input: Value, into accumulator: inout Value?) {
        if let current = accumulator, current <= input { return }
        accumulator = input
    }
    @inlinable public func combine(_ other: Value?, into accumulator: inout Value?) {
        if let other { accumulate(other, into: &accumulator) }
    }
    @inlinable public func result(of accumulator: Value?) -> Value? { accumulator }
}
