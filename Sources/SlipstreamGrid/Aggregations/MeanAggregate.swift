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

/// A running mean: updated incrementally, which stays accurate where a large sum divided by a count would not.
public struct MeanAccumulator: Sendable, Equatable, BinaryCodable {
    public var count: Int64 = 0
    public var mean: Double = 0

    @inlinable public init() {}

    public func encode(to writer: inout BinaryWriter) {
        writer.write(count)
        writer.write(mean)
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        count = try reader.read(Int64.self)
        mean = try reader.read(Double.self)
    }
}
