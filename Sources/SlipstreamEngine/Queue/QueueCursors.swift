import Atomics

/// The cursors of a bounded single-producer, single-consumer ring buffer: the queue between one producer
/// instance and one consumer instance of an edge (the items live in the ``SPSCQueue`` subclass).
///
/// ```
///   data ring (capacity items)              control ring (watermarks, barriers, done)
///   ┌───┬───┬───┬───┬───┬───┬───┬───┐       ┌──────────────┬──────────────┐
///   │   │ a │ b │ c │ d │   │   │   │       │ wm @ pos 3   │ done @ pos 4 │
///   └───┴───┴───┴───┴───┴───┴───┴───┘       └──────────────┴──────────────┘
///         head ─────────────► tail           a control item follows the items written before its position
/// ```
///
/// Items are written into the ring one by one by the producer without any atomic operation; ``publish()``
/// makes all of them visible with one release store at the end of a tasklet call. The consumer reads contiguous
/// runs of items in place (no copy, see ``Inbox``) and frees them with one release store. A full ring refuses
/// the item: that is backpressure, and memory never grows.
///
/// Producer and consumer cursors sit on separate cache lines so the two threads do not share a written line.
@usableFromInline
class QueueCursors: @unchecked Sendable {
    // Thread safety: the producer-side members are touched only by the producer's thread and the consumer-side
    // members only by the consumer's thread; they exchange cursors through the atomics alone (release/acquire).
    // A queue changes thread ownership only when its tasklets are handed to workers, under the worker's lock.
    // Cursors are therefore exempt from dynamic exclusivity checks, which would otherwise cost more than the
    // per-item work itself.

    // MARK: Shared, read-only after init

    /// The number of items the ring holds (a power of two).
    @usableFromInline let capacity: Int
    @usableFromInline let mask: Int
    @usableFromInline let controls: UnsafeMutablePointer<ControlEntry>
    @usableFromInline let controlMask: Int
    @usableFromInline let atomics: UnsafeMutableRawPointer
    /// Count of items published by the producer.
    @usableFromInline let tailAtomic: UnsafeAtomic<Int>
    @usableFromInline let controlTailAtomic: UnsafeAtomic<Int>
    /// Count of items released by the consumer.
    @usableFromInline let headAtomic: UnsafeAtomic<Int>
    @usableFromInline let controlHeadAtomic: UnsafeAtomic<Int>
    @usableFromInline var padding0: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)

    // MARK: Producer side

    @usableFromInline @exclusivity(unchecked) var tail = 0
    @usableFromInline @exclusivity(unchecked) var headCache = 0
    @usableFromInline @exclusivity(unchecked) var controlTail = 0
    @usableFromInline @exclusivity(unchecked) var controlHeadCache = 0
    @usableFromInline @exclusivity(unchecked) var publishedTail = 0
    @usableFromInline @exclusivity(unchecked) var publishedControlTail = 0
    /// The highest fill the producer has seen when publishing (an upper bound of the true fill at that moment).
    @usableFromInline let peakFillAtomic: ManagedAtomic<Int>
    @usableFromInline var padding1: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)

    // MARK: Consumer side

    @usableFromInline @exclusivity(unchecked) var head = 0
    @usableFromInline @exclusivity(unchecked) var tailCache = 0
    @usableFromInline @exclusivity(unchecked) var controlHead = 0
    @usableFromInline @exclusivity(unchecked) var controlTailCache = 0
    @usableFromInline var padding2: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)

    /// The number of control items that can wait in a queue; a producer retries when it is full.
    static var controlCapacity: Int { 64 }

    /// Creates the cursors of a queue of at least `capacity` items (rounded up to a power of two).
    init(capacity requested: Int) {
        precondition(requested >= 1, "queue capacity must be at least 1, got \(requested)")
        var capacity = 1
        while capacity < requested { capacity <<= 1 }
        self.capacity = capacity
        self.mask = capacity - 1
        self.controls = .allocate(capacity: Self.controlCapacity)
        self.controlMask = Self.controlCapacity - 1
        // Four cursors, 128 bytes apart, so that no two threads write into one cache line.
        let stride = 128
        let atomics = UnsafeMutableRawPointer.allocate(byteCount: 4 * stride, alignment: 128)
        self.atomics = atomics
        func atomic(_ index: Int) -> UnsafeAtomic<Int> {
            let storage = (atomics + index * stride).bindMemory(to: UnsafeAtomic<Int>.Storage.self, capacity: 1)
            storage.initialize(to: UnsafeAtomic<Int>.Storage(0))
            return UnsafeAtomic(at: storage)
        }
        self.tailAtomic = atomic(0)
        self.controlTailAtomic = atomic(1)
        self.headAtomic = atomic(2)
        self.controlHeadAtomic = atomic(3)
        self.peakFillAtomic = ManagedAtomic(0)
    }

    deinit {
        controls.deallocate()
        atomics.deallocate()
    }

    // MARK: - Producer

    /// Appends a control item after the items written so far, unless the control ring is full.
    @usableFromInline
    func tryPushControl(_ item: ControlItem) -> Bool {
        if controlTail &- controlHeadCache >= Self.controlCapacity {
            controlHeadCache = controlHeadAtomic.load(ordering: .acquiring)
            if controlTail &- controlHeadCache >= Self.controlCapacity { return false }
        }
        (controls + (controlTail & controlMask)).initialize(to: ControlEntry(position: tail, item: item))
        controlTail &+= 1
        return true
    }

    /// Makes every item and control item written so far visible to the consumer.
    @usableFromInline
    func publish() {
        // Controls first: a consumer that sees data past a control's position must also see the control.
        if controlTail != publishedControlTail {
            controlTailAtomic.store(controlTail, ordering: .releasing)
            publishedControlTail = controlTail
        }
        if tail != publishedTail {
            tailAtomic.store(tail, ordering: .releasing)
            publishedTail = tail
            let fill = tail &- headCache
            if fill > peakFillAtomic.load(ordering: .relaxed) {
                peakFillAtomic.store(fill, ordering: .relaxed)
            }
        }
    }

    // MARK: - Consumer

    /// Releases `count` items read in place (they must have been moved out or deinitialized already).
    @inlinable
    func advanceHead(by count: Int) {
        guard count > 0 else { return }
        head &+= count
        headAtomic.store(head, ordering: .releasing)
    }

    /// Consumes the control item at the head (after ``peekHead()`` returned `.control`).
    @inlinable
    func pollControl() -> ControlItem {
        let item = controls[controlHead & controlMask].item
        controlHead &+= 1
        controlHeadAtomic.store(controlHead, ordering: .releasing)
        return item
    }

    // MARK: - Any thread

    /// The number of items published and not yet released (momentary; for metrics).
    var fill: Int {
        max(0, tailAtomic.load(ordering: .relaxed) &- headAtomic.load(ordering: .relaxed))
    }

    /// The highest fill seen so far (for metrics; never above ``capacity``).
    var peakFill: Int { peakFillAtomic.load(ordering: .relaxed) }
}
