import Atomics

/// A bounded single-producer, single-consumer ring buffer of `Element`: see ``QueueCursors`` for the protocol.
@usableFromInline
final class SPSCQueue<Element>: QueueCursors, @unchecked Sendable {
    @usableFromInline let buffer: UnsafeMutablePointer<Element>

    /// Creates a queue for at least `capacity` items (rounded up to a power of two).
    override init(capacity requested: Int) {
        var capacity = 1
        while capacity < requested { capacity <<= 1 }
        buffer = .allocate(capacity: capacity)
        super.init(capacity: requested)
    }

    deinit {
        // No thread uses the queue any more: the local cursors are exact.
        var index = head
        while index != tail {
            (buffer + (index & mask)).deinitialize(count: 1)
            index &+= 1
        }
        buffer.deallocate()
    }

    // MARK: - Producer

    /// Writes `item` unless the ring is full. The item becomes visible to the consumer at the next ``publish()``.
    @inlinable @inline(__always)
    func tryPush(_ item: Element) -> Bool {
        guard let slot = claimSlot() else { return false }
        slot.initialize(to: item)
        return true
    }

    /// The slot the next item goes to, or `nil` if the ring is full. The caller must initialize the slot before
    /// the next ``publish()``: claiming it first lets an item be moved in rather than copied.
    @inlinable @inline(__always)
    func claimSlot() -> UnsafeMutablePointer<Element>? {
        let t = tail
        if t &- headCache >= capacity {
            headCache = headAtomic.load(ordering: .acquiring)
            if t &- headCache >= capacity { return nil }
        }
        tail = t &+ 1
        return buffer + (t & mask)
    }

    // MARK: - Consumer

    /// What the consumer finds at the head of the queue.
    @usableFromInline
    enum Head {
        /// Nothing to read now.
        case empty
        /// `count` items in contiguous memory at `start`, all before the next control item.
        case items(start: UnsafeMutablePointer<Element>, count: Int)
        /// A control item comes next; take it with ``pollControl()``.
        case control(ControlItem)
    }

    /// Looks at the head of the queue without consuming anything.
    @inlinable
    func peekHead() -> Head {
        var available = tailCache &- head
        if available == 0 {
            tailCache = tailAtomic.load(ordering: .acquiring)
            available = tailCache &- head
        }
        // Loaded after the data tail, so every control placed before the visible data is visible too.
        if controlHead == controlTailCache {
            controlTailCache = controlTailAtomic.load(ordering: .acquiring)
        }
        if controlHead != controlTailCache {
            let entry = controls[controlHead & controlMask]
            if entry.position == head { return .control(entry.item) }
            available = min(available, entry.position &- head)
        }
        if available <= 0 { return .empty }
        let start = head & mask
        return .items(start: buffer + start, count: min(available, capacity - start))
    }

}
