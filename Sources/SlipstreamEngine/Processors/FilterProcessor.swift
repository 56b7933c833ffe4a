/// Keeps the items that satisfy a predicate: the processor of a `filter` stage.
public struct FilterProcessor<Item>: Processor {
    public typealias Input = Item
    public typealias Output = Item

    @usableFromInline let isIncluded: (Item) throws -> Bool

    /// Creates a processor emitting the items for which `isIncluded` returns `true`.
    @inlinable
    public init(_ isIncluded: @escaping (Item) throws -> Bool) {
        self.isIncluded = isIncluded
    }

    @inlinable
    public mutating func process(ordinal: Int, inbox: inout Inbox<Item>, outbox: Outbox<Item>) throws {
        let isIncluded = self.isIncluded
        try inbox.drainSlots(while: { slot in
            guard try isIncluded(slot.pointee) else {
                slot.deinitialize(count: 1)
                return true
            }
            return outbox.offer(movingFrom: slot)
        })
    }
}
