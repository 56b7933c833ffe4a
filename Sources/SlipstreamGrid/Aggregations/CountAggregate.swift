/// Counts items.
public struct CountAggregate<Input>: AggregateOperation {
    public init() {}
    @inlinable public func makeAccumulator() -> Int64 { 0 }
    @inlinable public func accumulate(_ input: Input, into accumulator: inout Int64) { accumulator &+= 1 }
    @inlinable public func combine(_ other: Int64, into accumulator: inout Int64) { accumulator &+= other }
    @inlinable public func result(of accumulator: Int64) -> Int64 { accumulator }
}
