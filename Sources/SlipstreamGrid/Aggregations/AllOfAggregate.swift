/// Two aggregations over the same items in one pass, producing both results: how a window computes, say, a
/// count and a mean together. Nest it for more (`AllOfAggregate(a, AllOfAggregate(b, c))`).
public struct AllOfAggregate<First: AggregateOperation, Second: AggregateOperation>: AggregateOperation
where First.Input == Second.Input {
    public let first: First
    public let second: Second

    public init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    @inlinable public func makeAccumulator() -> AllOfAccumulator<First.Accumulator, Second.Accumulator> {
        AllOfAccumulator(first: first.makeAccumulator(), second: second.makeAccumulator())
    }

    @inlinable public func accumulate(_ input: First.Input,
                                      into accumulator: inout AllOfAccumulator<First.Accumulator, Second.Accumulator>) {
        first.accumulate(input, into: &accumulator.first)
        second.accumulate(input, into: &accumulator.second)
    }

    @inlinable public func combine(_ other: AllOfAccumulator<First.Accumulator, Second.Accumulator>,
                                   into accumulator: inout AllOfAccumulator<First.Accumulator, Second.Accumulator>) {
        first.combine(other.first, into: &accumulator.first)
        second.combine(other.second, into: &accumulator.second)
    }

    @inlinable public func result(of accumulator: AllOfAccumulator<First.Accumulator, Second.Accumulator>)
        -> (First.Output, Second.Output) {
        (first.result(of: accumulator.first), second.result(of: accumulator.second))
    }
}

/// The accumulators of an ``AllOfAggregate``.
public struct AllOfAccumulator<First, Second> {
    public var first: First
    public var second: Second

    @inlinable public init(first: First, second: Second) {
        self.first = first
        self.second = second
    }
}

extension AllOfAccumulator: Sendable where First: Sendable, Second: Sendable {}

extension AllOfAccumulator: BinaryCodable where First: BinaryCodable, Second: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) throws(GridCodecError) {
        try first.encode(to: &writer)
        try second.encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        first = try First(from: &reader)
        second = try Second(from: &reader)
    }
}
