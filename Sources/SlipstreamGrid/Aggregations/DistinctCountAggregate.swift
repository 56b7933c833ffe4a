/// The approximate number of distinct items, with a ``HyperLogLog`` sketch per accumulator.
public struct DistinctCountAggregate<Item: PartitionKey>: AggregateOperation {
    /// log2 of the sketch size in bytes; see ``HyperLogLog``.
    public let precision: Int

    public init(precision: Int = 12) {
        precondition((4...16).contains(precision), "precision must be in 4...16")
        self.precision = precision
    }

    @inlinable public func makeAccumulator() -> HyperLogLog { HyperLogLog(precision: precision) }
    @inlinable public func accumulate(_ input: Item, into accumulator: inout HyperLogLog) { accumulator.insert(input) }
    @inlinable public func combine(_ other: HyperLogLog, into accumulator: inout HyperLogLog) { accumulator.formUnion(other) }
    @inlinable public func result(of accumulator: HyperLogLog) -> Int64 { Int64(accumulator.estimate.rounded()) }
}
