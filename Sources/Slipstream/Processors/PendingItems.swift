import SlipstreamEngine

/// Items waiting for room in an outbox, in order. A class so closures can append to it without capturing
/// the processor.
///
/// Items are moved in and moved on into the outbox's queues, never copied: a copy of an item holding strings
/// or arrays costs a reference-count increment here and a decrement on whichever thread frees it.
///
/// Used on the thread of the processor that owns it only. Inlinable, so that processors specialized in the
/// module that builds the pipeline reach it without generic dispatch.
@usableFromInline
final class PendingItems<Item> {
    // One thread uses it: no dynamic exclusivity checks on the hot path.
    @usableFromInline @exclusivity(unchecked) var buffer: UnsafeMutablePointer<Item>
    @usableFromInline @exclusivity(unchecked) var capacity: Int
    /// The waiting items are `buffer[next..<end]`.
    @usableFromInline @exclusivity(unchecked) var next = 0
    @usableFromInline @exclusivity(unchecked) var end = 0

    @inlinable
    init() {
        capacity = 16
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        (buffer + next).deinitialize(count: end - next)
        buffer.deallocate()
    }

    /// Whether no item is waiting.
    @inlinable
    var isEmpty: Bool { next == end }

    @inlinable
    func append(_ item: consuming Item) {
        if end == capacity { makeRoom() }
        (buffer + end).initialize(to: consume item)
        end &+= 1
    }

    /// Moves the waiting items to the front, into a buffer twice as large if they fill more than half of it.
    @usableFromInline
    func makeRoom() {
        let count = end - next
        let newCapacity = count * 2 > capacity ? capacity * 2 : capacity
        let newBuffer = UnsafeMutablePointer<Item>.allocate(capacity: newCapacity)
        newBuffer.moveInitialize(from: buffer + next, count: count)
        buffer.deallocate()
        buffer = newBuffer
        capacity = newCapacity
        next = 0
        end = count
    }

    /// Offers the waiting items, moving each into the outbox; `true` when none is left.
    @inlinable
    func flush(to outbox: Outbox<Item>) -> Bool {
        while next < end {
            guard outbox.offer(movingFrom: buffer + next) else { return false }
            next &+= 1
        }
        next = 0
        end = 0
        return true
    }

    /// Hands the waiting items to `offer` in order until it refuses one; `true` when none is left.
    @inlinable
    func flush(_ offer: (Item) -> Bool) -> Bool {
        while next < end {
            guard offer(buffer[next]) else { return false }
            (buffer + next).deinitialize(count: 1)
            next &+= 1
        }
        next = 0
        end = 0
        return true
    }
}
