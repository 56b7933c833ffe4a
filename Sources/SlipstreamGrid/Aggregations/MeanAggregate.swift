/// The arithmetic mean of numbers; `nil` when no item was seen.
public struct MeanAggregate: AggregateOperation {
    public init() {}
    @inlinable public func makeAccumulator() -> MeanAccumulator { MeanAccumulator() }
    @inlinable public func accumulate(_ input: Double, into accumulator: inout MeanAccumulator) {
        accumulator.count &+= 1
        accumulator.mean += (input - accumulator.mean) / Double(accumulator.count)
    }
    @inlinable public func combine(_ other: MeanAccumulator, into accumulator: inout MeanAccumulator) {
        guard other.count > 0 else { return }
        let n = accumulator.count &+ other.count
        accumulator.mean += (other.mean - accumulator.mean) * (Double(other.count) / Double(n))
        accumulator.count = n
    }
    @inlinable public func result(of accumulator: MeanAccumulator) -> Double? {
        accumulator.count == 0 ? nil : accumulator.mean
    }
}
