/// Where a processor emits its output: one or more ordinals (outgoing edges), each routed to the instances of the
/// downstream vertex.
///
/// ``offer(_:)`` returns `false` when the item cannot be taken now: a downstream queue is full (backpressure) or
/// the processor has emitted its share for this call. The processor must then return from the current call and
/// offer **the same item** again on the next call; an outbox remembers which ordinals and queues already took an
/// item that was partly accepted, so nothing is emitted twice. Never ignore the result.
///
/// Items become visible downstream when the call returns (the engine publishes each queue once per call).
///
/// ## Ordinals
/// Ordinal *n* is the *n*th edge added out of the vertex (see ``DAG/addEdge(from:to:routing:priority:queueCapacity:)``).
/// ``offer(_:)`` emits to every ordinal; ``offer(_:to:)`` to one (a side output, for instance).
///
/// ## Thread safety
/// An outbox belongs to one processor instance and is only used on the thread running it.
public final class Outbox<Element> {
    // Only the thread running the processor uses an outbox: its state is exempt from dynamic exclusivity checks,
    // and the hot path reaches collectors without reference counting (`collectors` keeps them alive).
    let collectors: [OutboundCollector<Element>]
    @usableFromInline let collectorRefs: UnsafeMutableBufferPointer<Unmanaged<OutboundCollector<Element>>>
    /// The collector when there is exactly one ordinal: the common case takes a shorter path.
    @usableFromInline let only: Unmanaged<OutboundCollector<Element>>?
    /// Offers still accepted during this call.
    @usableFromInline @exclusivity(unchecked) var budget: Int
    /// How many ordinals already took the item being offered to all.
    @usableFromInline @exclusivity(unchecked) var ordinalCursor = 0
    @usableFromInline var controlOrdinalCursor = 0
    /// Every queue of every ordinal, to publish once per call without touching generic code.
    let queuesToPublish: UnsafeMutableBufferPointer<Unmanaged<QueueCursors>>

    init(collectors: [OutboundCollector<Element>]) {
        let queues = collectors.flatMap { $0.queues.map { Unmanaged.passUnretained($0 as QueueCursors) } }
        self.queuesToPublish = .allocate(capacity: queues.count)
        _ = self.queuesToPublish.initialize(from: queues)
        self.collectors = collectors
        self.collectorRefs = .allocate(capacity: collectors.count)
        _ = self.collectorRefs.initialize(from: collectors.map { Unmanaged.passUnretained($0) })
        self.only = collectors.count == 1 ? Unmanaged.passUnretained(collectors[0]) : nil
        self.budget = Int.max
    }

    deinit {
        collectorRefs.deallocate()
        queuesToPublish.deallocate()
    }

    /// The number of output ordinals (outgoing edges).
    public var ordinalCount: Int { collectors.count }

    /// Emits `item` to every ordinal. Returns `false` if it must be offered again on a later call.
    ///
    /// The item is taken over: a temporary (`outbox.offer(Total(order))`) is moved into the queue, not copied.
    @inlinable @inline(__always)
    public func offer(_ item: consuming Element) -> Bool {
        guard let slot = claimSlot(for: item, ordinal: nil) else { return false }
        slot.place(consume item)
        return true
    }

    /// Emits `item` to output `ordinal` only. Returns `false` if it must be offered again on a later call.
    @inlinable @inline(__always)
    public func offer(_ item: consuming Element, to ordinal: Int) -> Bool {
        guard let slot = claimSlot(for: item, ordinal: ordinal) else { return false }
        slot.place(consume item)
        return true
    }

    /// Emits `item` to every ordinal, or to `ordinal` only, moving it into the queue; hands it back if it was
    /// refused, to be offered again on a later call. For a processor that keeps items it has not emitted yet.
    @inlinable @inline(__always)
    package func offerOrReturn(_ item: consuming Element, to ordinal: Int? = nil) -> Element? {
        guard let slot = claimSlot(for: item, ordinal: ordinal) else { return item }
        slot.place(consume item)
        return nil
    }

    /// Emits the item at `source` to every ordinal, or to `ordinal` only, moving it out (`source` is left
    /// deinitialized) when it is taken; when this returns `false` the item is still at `source`, to be offered
    /// again on a later call.
    @inlinable @inline(__always)
    package func offer(movingFrom source: UnsafeMutablePointer<Element>, to ordinal: Int? = nil) -> Bool {
        guard let slot = claimSlot(for: source.pointee, ordinal: ordinal) else { return false }
        if let pointer = slot.pointer {
            pointer.moveInitialize(from: source, count: 1)
        } else {
            source.deinitialize(count: 1)
        }
        return true
    }

    /// Where an accepted item goes: the queue slot to initialize with it, or nowhere (an outbox without ordinals).
    @usableFromInline
    struct Slot {
        @usableFromInline let pointer: UnsafeMutablePointer<Element>?

        @inlinable
        init(_ pointer: UnsafeMutablePointer<Element>?) {
            self.pointer = pointer
        }

        /// Moves `item` into the slot (an outbox without ordinals drops it).
        @inlinable @inline(__always)
        func place(_ item: consuming Element) {
            if let pointer { pointer.initialize(to: consume item) }
        }
    }

    /// Accepts `item` for every ordinal (`ordinal == nil`) or for one, or returns `nil` when it must be offered
    /// again. Every ordinal but the last gets a copy now; the last one's queue slot is returned, for the caller to
    /// move the item into. An accepted item counts against the call's budget.
    @inlinable @inline(__always)
    func claimSlot(for item: Element, ordinal: Int?) -> Slot? {
        guard budget > 0 else { return nil }
        let pointer: UnsafeMutablePointer<Element>?
        if let ordinal {
            precondition(ordinal >= 0 && ordinal < collectorRefs.count, "no output ordinal \(ordinal)")
            pointer = collectorRefs[ordinal]._withUnsafeGuaranteedRef { $0.claimSlot(for: item) }
            guard pointer != nil else { return nil }
        } else if let collector = only {
            pointer = collector._withUnsafeGuaranteedRef { $0.claimSlot(for: item) }
            guard pointer != nil else { return nil }
        } else if collectorRefs.count > 0 {
            let last = collectorRefs.count &- 1
            while ordinalCursor < last {
                guard collectorRefs[ordinalCursor]._withUnsafeGuaranteedRef({ $0.offer(item) }) else { return nil }
                ordinalCursor &+= 1
            }
            pointer = collectorRefs[last]._withUnsafeGuaranteedRef { $0.claimSlot(for: item) }
            guard pointer != nil else { return nil }
            ordinalCursor = 0
        } else {
            pointer = nil
        }
        budget &-= 1
        return Slot(pointer)
    }

    /// Emits a watermark to every ordinal and every downstream instance, after the items offered before it.
    /// Returns `false` if it must be offered again on a later call.
    public func offer(_ watermark: Watermark) -> Bool {
        offerControl(.watermark(watermark))
    }

    /// Whether offers are still accepted in this call as far as the per-call share goes (queues may still be full).
    @inlinable
    public var hasBudget: Bool { budget > 0 }

    // MARK: - Engine side

    @usableFromInline
    func offerControl(_ item: ControlItem) -> Bool {
        while controlOrdinalCursor < collectors.count {
            guard collectors[controlOrdinalCursor].offerControl(item) else { return false }
            controlOrdinalCursor &+= 1
        }
        controlOrdinalCursor = 0
        return true
    }

    /// Starts a call in which at most `limit` items may be offered.
    func beginCall(limit: Int) {
        budget = limit
    }

    /// Makes everything emitted visible downstream.
    func publish() {
        for queue in queuesToPublish {
            queue._withUnsafeGuaranteedRef { $0.publish() }
        }
    }
}
