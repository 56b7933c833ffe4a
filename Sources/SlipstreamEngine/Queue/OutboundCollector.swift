/// The producer end of one edge for one producer instance: the queues to every consumer instance it may reach,
/// and the routing that picks among them for each item.
///
/// All per-item work is inlinable so that it is specialized into the processor that offers the item.
@usableFromInline
final class OutboundCollector<Element> {
    @usableFromInline
    enum Kind {
        /// Exactly one queue (isolated, all-to-one, a single consumer, or a test outbox).
        case single
        /// The next queue with room, in turn.
        case roundRobin
        /// The queue of the consumer instance that owns the item's key partition.
        case partitioned
        /// Every queue.
        case broadcast
    }

    @usableFromInline let kind: Kind
    /// Keeps the queues alive; the hot path goes through ``queueRefs`` and ``first`` without reference counting.
    let queues: [SPSCQueue<Element>]
    @usableFromInline let queueRefs: UnsafeMutableBufferPointer<Unmanaged<SPSCQueue<Element>>>
    @usableFromInline let first: Unmanaged<SPSCQueue<Element>>
    /// For `.partitioned`: the stable hash of the key of the item at the pointer. Neither optional nor generic:
    /// calling a closure stored at generic abstraction from specialized code goes through reabstraction thunks
    /// (and allocates one per call if the closure is optional).
    @usableFromInline let keyHash: @Sendable (UnsafeRawPointer) -> UInt64
    @usableFromInline let partitionCount: UInt64
    /// For `.partitioned`: the queue index for each partition.
    @usableFromInline let queueOfPartition: UnsafeMutableBufferPointer<Int>
    /// Round-robin: the next queue to try. Broadcast: how many queues already took the item being offered.
    @usableFromInline @exclusivity(unchecked) var cursor = 0
    /// How many queues already took the control item being offered.
    @usableFromInline var controlCursor = 0

    init(
        kind: Kind, queues: [SPSCQueue<Element>],
        keyHash: @escaping @Sendable (UnsafeRawPointer) -> UInt64 = { _ in 0 }, partitioner: Partitioner = Partitioner()
    ) {
        precondition(!queues.isEmpty, "an outbound collector needs at least one queue")
        self.kind = queues.count == 1 && kind != .partitioned ? .single : kind
        self.queues = queues
        self.queueRefs = .allocate(capacity: queues.count)
        _ = self.queueRefs.initialize(from: queues.map { Unmanaged.passUnretained($0) })
        self.first = Unmanaged.passUnretained(queues[0])
        // Not optional here either: wrapping the closure in an optional and unwrapping it would leave two
        // reabstraction thunks around it, called per item.
        self.keyHash = keyHash
        self.partitionCount = UInt64(partitioner.partitionCount)
        self.queueOfPartition = .allocate(capacity: partitioner.partitionCount)
        _ = self.queueOfPartition.initialize(from: (0..<partitioner.partitionCount).map {
            partitioner.instance(ofPartition: $0, instanceCount: queues.count)
        })
    }

    deinit {
        queueRefs.deallocate()
        queueOfPartition.deallocate()
    }

    /// Routes `item` to its queue(s); `false` if a queue it must reach is full.
    @inlinable @inline(__always)
    func offer(_ item: Element) -> Bool {
        guard let slot = claimSlot(for: item) else { return false }
        slot.initialize(to: item)
        return true
    }

    /// The slot `item` goes to, or `nil` if a queue it must reach is full; the caller initializes the slot with
    /// the item, which can then be moved in rather than copied. A broadcast copies the item into every queue but
    /// the last, whose slot it returns.
    @inlinable @inline(__always)
    func claimSlot(for item: Element) -> UnsafeMutablePointer<Element>? {
        switch kind {
        case .single:
            return first._withUnsafeGuaranteedRef { $0.claimSlot() }
        case .partitioned:
            let hash = withUnsafePointer(to: item) { keyHash(UnsafeRawPointer($0)) }
            let partition = Int(truncatingIfNeeded: hash % partitionCount)
            return queueRefs[queueOfPartition[partition]]._withUnsafeGuaranteedRef { $0.claimSlot() }
        case .roundRobin:
            let count = queueRefs.count
            var index = cursor
            for _ in 0..<count {
                let next = index &+ 1 == count ? 0 : index &+ 1
                if let slot = queueRefs[index]._withUnsafeGuaranteedRef({ $0.claimSlot() }) {
                    cursor = next
                    return slot
                }
                index = next
            }
            return nil
        case .broadcast:
            // A refused broadcast is retried with the same item: queues that took it are skipped.
            let last = queueRefs.count &- 1
            while cursor < last {
                guard queueRefs[cursor]._withUnsafeGuaranteedRef({ $0.tryPush(item) }) else { return nil }
                cursor &+= 1
            }
            guard let slot = queueRefs[last]._withUnsafeGuaranteedRef({ $0.claimSlot() }) else { return nil }
            cursor = 0
            return slot
        }
    }

    /// Appends a control item to every queue; `false` if one is full (retry with the same control item).
    @usableFromInline
    func offerControl(_ item: ControlItem) -> Bool {
        while controlCursor < queues.count {
            guard queues[controlCursor].tryPushControl(item) else { return false }
            controlCursor &+= 1
        }
        controlCursor = 0
        return true
    }

    /// Publishes what was written to every queue.
    @usableFromInline
    func publish() {
        for queue in queues { queue.publish() }
    }
}
