/// The `k` most frequent items with their counts, by a ``SpaceSavingSketch`` of `capacity` counters
/// (default 10 × k; more counters, tighter counts).
public struct TopKAggregate<Item: Hashable & Sendable>: AggregateOperation {
    public let k: Int
    public let capacity: Int

    public init(_ k: Int, capacity: Int? = nil) {
        precondition(k >= 1, "k must be at least 1")
        self.k = k
        self.capacity = max(k, capacity ?? 10 * k)
    }

    @inlinable public func makeAccumulator() -> SpaceSavingSketch<Item> { SpaceSavingSketch(capacity: capacity) }
    @inlinable public func accumulate(_ input: Item, into accumulator: inout SpaceSavingSketch<Item>) {
        accumulator.insert(input)
    }
    @inlinable public func combine(_ other: SpaceSavingSketch<Item>, into accumulator: inout SpaceSavingSketch<Item>) {
        accumulator.formUnion(other)
    }
    public func result(of accumulator: SpaceSavingSketch<Item>) -> [TopKEntry<Item>] {
        accumulator.top(k).map { TopKEntry(item: $0.item, count: $0.count, maxOvercount: $0.error) }
    }
}
