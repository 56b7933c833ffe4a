/// The batch of input items a processor receives in one ``Processor/process(ordinal:inbox:outbox:)`` call.
///
/// An inbox is a window onto the items waiting in one input queue, read in place: no item is copied into it. The
/// processor removes the items it has handled; the items it leaves (because its outbox refused output) stay in
/// the queue and are offered again, first, on the next call. It is non-copyable and only lent to the processor
/// for the duration of a call, so it cannot be kept.
///
/// The usual shape of `process`, which stops as soon as the outbox is full and resumes with the same item:
///
/// ```swift
/// mutating func process(ordinal: Int, inbox: inout Inbox<Order>, outbox: Outbox<Total>) {
///     inbox.drain(while: { order in outbox.offer(Total(order)) })
/// }
/// ```
///
/// - Complexity: every operation is O(1) per item, without allocation or locking.
public struct Inbox<Element>: ~Copyable {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline var index: Int
    @usableFromInline let end: Int

    /// An inbox over the initialized items `base[0..<count]`; removed items are deinitialized by the inbox.
    @inlinable
    package init(items base: UnsafeMutablePointer<Element>, count: Int) {
        self.base = base
        self.index = 0
        self.end = count
    }

    /// The number of items removed so far during this call.
    @inlinable
    package var removedCount: Int { index }

    /// Whether no item is left.
    @inlinable
    public var isEmpty: Bool { index == end }

    /// The number of items left.
    @inlinable
    public var count: Int { end &- index }

    /// The first item left, without removing it.
    @inlinable
    public func peek() -> Element? {
        index < end ? base[index] : nil
    }

    /// Removes and returns the first item left.
    @inlinable
    public mutating func poll() -> Element? {
        guard index < end else { return nil }
        let item = (base + index).move()
        index &+= 1
        return item
    }

    /// Removes the first item. The inbox must not be empty.
    @inlinable
    public mutating func remove() {
        precondition(index < end, "remove() called on an empty inbox")
        (base + index).deinitialize(count: 1)
        index &+= 1
    }

    /// Hands the items in order to `body`, removing each item for which it returns `true`; stops at the first
    /// `false` (that item stays, to be offered again on the next call) or when the inbox is empty.
    ///
    /// If `body` throws, the item it was given stays in the inbox and the error propagates.
    @inlinable
    public mutating func drain(while body: (borrowing Element) throws -> Bool) rethrows {
        var i = index
        let limit = end
        defer { index = i }
        while i < limit {
            guard try body(base[i]) else { return }
            (base + i).deinitialize(count: 1)
            i &+= 1
        }
    }

    /// As ``drain(while:)``, but `body` gets the item's slot and may move the item out of it (into an outbox,
    /// with ``Outbox/offer(movingFrom:)``) instead of copying it. When `body` returns `true` the slot must be
    /// left deinitialized; when it returns `false` or throws, it must be left as it was.
    @inlinable
    package mutating func drainSlots(while body: (UnsafeMutablePointer<Element>) throws -> Bool) rethrows {
        var i = index
        let limit = end
        defer { index = i }
        while i < limit {
            guard try body(base + i) else { return }
            i &+= 1
        }
    }

    /// Removes every item, handing each to `body`.
    @inlinable
    public mutating func drainAll(_ body: (consuming Element) throws -> Void) rethrows {
        var i = index
        let limit = end
        defer { index = i }
        while i < limit {
            let slot = base + i
            i &+= 1
            // Moved straight into the call: a local binding in between costs a copy and a destroy of the item
            // where this runs unspecialized.
            try body(slot.move())
        }
    }

    /// Removes every item, appending it to `array`.
    @inlinable
    public mutating func drain(into array: inout [Element]) {
        array.reserveCapacity(array.count + count)
        drainAll { array.append($0) }
    }
}
