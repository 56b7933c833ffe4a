/// Assigns event time to a stream that has none yet: reads each item's timestamp, emits watermarks, and counts
/// and drops (or diverts) late items, as an ``EventTimePolicy`` says (Jet's `InsertWatermarksP`).
///
/// Sources that know their partitions (Kafka) should track event time themselves with an ``EventTimeTracker``,
/// per partition; this processor treats each of its instances as one partition. Watermarks arriving from upstream
/// are replaced by its own.
public struct EventTimeProcessor<Item>: Processor {
    public typealias Input = Item
    public typealias Output = Item

    @usableFromInline let policy: EventTimePolicy<Item>
    @usableFromInline let timestamp: @Sendable (Item) -> Int64
    @usableFromInline var tracker: EventTimeTracker
    @usableFromInline var pendingWatermark: Watermark?
    @usableFromInline var clock = EngineClock.monotonic
    @usableFromInline var lateCounter = Counter()

    /// Creates the processor; `policy.timestamp` must be set.
    public init(policy: EventTimePolicy<Item>) {
        guard let timestamp = policy.timestamp else {
            preconditionFailure("EventTimeProcessor needs a policy with a timestamp function")
        }
        self.policy = policy
        self.timestamp = timestamp
        self.tracker = policy.makeTracker(partitionCount: 1, now: 0)
    }

    public mutating func initialize(context: ProcessorContext) throws {
        clock = context.clock
        lateCounter = context.counters.counter(Counter.Name.lateEvents)
        tracker = policy.makeTracker(partitionCount: 1, now: clock.nanoseconds())
    }

    @inlinable
    public mutating func process(ordinal: Int, inbox: inout Inbox<Item>, outbox: Outbox<Item>) throws {
        guard emitPendingWatermark(outbox) else { return }
        let now = clock.nanoseconds()
        var late = 0
        let timestamp = self.timestamp
        let sideOrdinal: Int?
        if case .sideOutput(let ordinal) = policy.lateEvents { sideOrdinal = ordinal } else { sideOrdinal = nil }
        let keepsLate = policy.lateEvents == .emit
        inbox.drainSlots(while: { slot in
            if tracker.observe(timestamp: timestamp(slot.pointee), partition: 0, now: now) {
                return sideOrdinal == nil ? outbox.offer(movingFrom: slot) : outbox.offer(movingFrom: slot, to: 0)
            }
            if let sideOrdinal {
                guard outbox.offer(movingFrom: slot, to: sideOrdinal) else { return false }
            } else if keepsLate {
                guard outbox.offer(movingFrom: slot) else { return false }
            } else {
                slot.deinitialize(count: 1)
            }
            late &+= 1
            return true
        })
        if late > 0 { lateCounter.add(late) }
        pendingWatermark = tracker.watermark(now: now) ?? pendingWatermark
        _ = emitPendingWatermark(outbox)
    }

    /// Upstream watermarks are replaced by this processor's own.
    public mutating func tryProcess(watermark: Watermark, outbox: Outbox<Item>) throws -> Bool { true }

    /// Emits the idle watermark when the stream has gone quiet for the idle timeout.
    public mutating func tryProcess(outbox: Outbox<Item>) throws -> Bool {
        guard emitPendingWatermark(outbox) else { return false }
        pendingWatermark = tracker.watermark(now: clock.nanoseconds())
        return emitPendingWatermark(outbox)
    }

    @inlinable
    mutating func emitPendingWatermark(_ outbox: Outbox<Item>) -> Bool {
        guard let watermark = pendingWatermark else { return true }
        guard outbox.offer(watermark) else { return false }
        pendingWatermark = nil
        return true
    }

    public mutating func complete(outbox: Outbox<Item>) throws -> Bool {
        emitPendingWatermark(outbox)
    }

    // MARK: - Snapshot

    /// Saves the event-time state, so a restored instance neither emits a lower watermark nor lets a late item
    /// through.
    public mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Item>) throws -> Bool {
        snapshot.offer(tracker.snapshotEntry())
    }

    public mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) throws {
        var entries: [SnapshotEntry] = []
        inbox.drain(into: &entries)
        try tracker.restore(from: entries.filter { $0.key == EventTimeTracker.snapshotKey }, now: clock.nanoseconds())
    }
}
