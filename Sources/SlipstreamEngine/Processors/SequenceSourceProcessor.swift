/// A bounded or unbounded source emitting the elements of a sequence: an in-memory collection, a range, a
/// generator. Optionally assigns event time and watermarks with an ``EventTimePolicy``.
///
/// Each instance emits its own sequence; to split work over instances, build the sequence from the context in
/// the vertex factory:
///
/// ```swift
/// dag.addVertex("numbers", localParallelism: 2) { context in
///     SequenceSourceProcessor(stride(from: context.instance, to: 1_000_000, by: context.parallelism))
/// }
/// ```
///
/// It saves its position (the count of elements emitted) in snapshots and skips that many on restore, so a
/// sequence that yields the same elements on every run resumes exactly where it stopped.
public struct SequenceSourceProcessor<Elements: Sequence>: Processor {
    public typealias Input = Never
    public typealias Output = Elements.Element

    @usableFromInline var iterator: Elements.Iterator
    @usableFromInline var pending: Elements.Element?
    @usableFromInline var emitted = 0
    @usableFromInline let policy: EventTimePolicy<Elements.Element>?
    @usableFromInline var tracker: EventTimeTracker?
    @usableFromInline var pendingWatermark: Watermark?
    @usableFromInline var clock = EngineClock.monotonic
    @usableFromInline var lateCounter = Counter()
    @usableFromInline var exhausted = false

    /// Creates a source of `elements`, with event time if `eventTime` is given (its `timestamp` must be set).
    public init(_ elements: Elements, eventTime: EventTimePolicy<Elements.Element>? = nil) {
        precondition(eventTime == nil || eventTime?.timestamp != nil, "the event time policy needs a timestamp")
        iterator = elements.makeIterator()
        policy = eventTime
    }

    public mutating func initialize(context: ProcessorContext) throws {
        clock = context.clock
        lateCounter = context.counters.counter(Counter.Name.lateEvents)
        tracker = policy?.makeTracker(partitionCount: 1, now: clock.nanoseconds())
    }

    @inlinable
    public mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Output>) throws {}

    @inlinable
    public mutating func complete(outbox: Outbox<Output>) throws -> Bool {
        guard emitPendingWatermark(outbox) else { return false }
        if tracker == nil {
            if let item = pending {
                guard outbox.offer(item) else { return false }
                pending = nil
                emitted &+= 1
            }
            while outbox.hasBudget, let item = iterator.next() {
                guard outbox.offer(item) else {
                    pending = item
                    return false
                }
                emitted &+= 1
            }
            return outbox.hasBudget
        }
        return emitWithEventTime(outbox)
    }

    /// The event-time path: late elements are counted and dropped or diverted, watermarks follow each batch.
    @usableFromInline
    mutating func emitWithEventTime(_ outbox: Outbox<Output>) -> Bool {
        let now = clock.nanoseconds()
        let timestamp = policy!.timestamp!
        var sideOrdinal: Int?
        if case .sideOutput(let ordinal) = policy!.lateEvents { sideOrdinal = ordinal }
        let keepsLate = policy!.lateEvents == .emit
        var late = 0
        defer { if late > 0 { lateCounter.add(late) } }
        while outbox.hasBudget {
            guard let item = pending ?? iterator.next() else {
                exhausted = true
                break
            }
            pending = item
            let onTime = tracker!.observe(timestamp: timestamp(item), partition: 0, now: now)
            if onTime {
                guard sideOrdinal == nil ? outbox.offer(item) : outbox.offer(item, to: 0) else { return false }
            } else {
                if let sideOrdinal {
                    guard outbox.offer(item, to: sideOrdinal) else { return false }
                } else if keepsLate {
                    guard outbox.offer(item) else { return false }
                }
                late &+= 1
            }
            pending = nil
            emitted &+= 1
        }
        pendingWatermark = tracker!.watermark(now: now) ?? pendingWatermark
        guard emitPendingWatermark(outbox) else { return false }
        return exhausted
    }

    @inlinable
    mutating func emitPendingWatermark(_ outbox: Outbox<Output>) -> Bool {
        guard let watermark = pendingWatermark else { return true }
        guard outbox.offer(watermark) else { return false }
        pendingWatermark = nil
        return true
    }

    // MARK: - Snapshot

    /// The key of the saved position.
    static var positionKey: String { "position" }

    /// Saves the count of elements emitted (the pending element, not emitted yet, is not counted) and the
    /// event-time state. Restoring either entry twice is harmless, so a partly accepted save may be retried.
    public mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Output>) throws -> Bool {
        var entries = [SnapshotEntry(key: Self.positionKey, value: Int64Coding.encode([Int64(emitted)]))]
        if let tracker { entries.append(tracker.snapshotEntry()) }
        return entries.allSatisfy { snapshot.offer($0) }
    }

    public mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) throws {
        var eventTime: [SnapshotEntry] = []
        while let entry = inbox.poll() {
            if entry.key == EventTimeTracker.snapshotKey {
                eventTime.append(entry)
                continue
            }
            guard entry.key == Array(Self.positionKey.utf8), let values = Int64Coding.decode(entry.value),
                values.count == 1
            else {
                throw EngineError(.snapshotRestoreFailed, "unexpected snapshot entry for a sequence source")
            }
            while emitted < Int(values[0]), iterator.next() != nil { emitted += 1 }
        }
        try tracker?.restore(from: eventTime, now: clock.nanoseconds())
    }
}
