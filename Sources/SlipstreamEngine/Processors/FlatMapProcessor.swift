/// Emits every element of the sequence a function returns for each item: the processor of a `flatMap` stage.
///
/// When the outbox refuses an element, the item stays in the inbox and the rest of its sequence is emitted first
/// on the next call; the item is removed only once its whole sequence is out, so a snapshot (taken between
/// items) never has output pending.
public struct FlatMapProcessor<Input, Elements: Sequence>: Processor {
    public typealias Output = Elements.Element

    @usableFromInline let transform: (Input) throws -> Elements
    @usableFromInline var pending: Elements.Iterator?
    @usableFromInline var pendingElement: Elements.Element?

    /// Creates a processor emitting every element of `transform(item)` for every item.
    @inlinable
    public init(_ transform: @escaping (Input) throws -> Elements) {
        self.transform = transform
    }

    @inlinable
    public mutating func process(ordinal: Int, inbox: inout Inbox<Input>, outbox: Outbox<Output>) throws {
        while let item = inbox.peek() {
            if pending == nil { pending = try transform(item).makeIterator() }
            guard emitPending(outbox) else { return }
            inbox.remove()
        }
    }

    /// Emits what is left of the current sequence; `false` if the outbox refused.
    @inlinable
    mutating func emitPending(_ outbox: Outbox<Output>) -> Bool {
        if let element = pendingElement {
            guard outbox.offer(element) else { return false }
            pendingElement = nil
        }
        while let element = pending?.next() {
            guard outbox.offer(element) else {
                pendingElement = element
                return false
            }
        }
        pending = nil
        return true
    }
}
