/// One of the most frequent items: its estimated count and how much that count may exceed the true one.
public struct TopKEntry<Item: Hashable & Sendable>: Sendable, Hashable {
    public var item: Item
    public var count: Int64
    public var maxOvercount: Int64
}
