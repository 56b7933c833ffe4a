import SlipstreamEngine
import SlipstreamGrid

/// The processor of ``KeyedStage/window(_:time:name:aggregate:)`` and ``Stage/window(_:time:name:aggregate:)``:
/// a ``KeyedWindowAggregator`` over the keys of the partitions this instance owns.
///
/// Items only accumulate; results leave when a watermark closes their windows (before the watermark itself is
/// forwarded, so downstream sees every result of a window before the time that closed it), as early results
/// when the window asks for them, and all at once when the input ends. Late items are dropped and counted as
/// `lateEvents` in the vertex metrics.
struct WindowProcessor<Item, Key: PartitionKey & BinaryCodable, Operation: AggregateOperation>: Processor
where Operation.Input == Item, Operation.Accumulator: BinaryCodable {
    typealias Output = WindowResult<Key, Operation.Output>

    private let window: WindowDefinition
    private let operation: Operation
    private let key: @Sendable (Item) -> Key
    private let time: @Sendable (Item) -> Int64
    private var aggregator: KeyedWindowAggregator<Key, Operation>
    /// Results waiting for room in the outbox, in emission order.
    private let pending = PendingItems<Output>()
    private var lateEvents = Counter()
    private var partitioner = Partitioner()
    private var ownedPartitions: [Int] = []
    private var clock = EngineClock.monotonic
    private var earlyPeriod: Int64?
    private var lastEarly: Int64 = 0
    /// Snapshot entries not yet accepted by the snapshot outbox.
    private var unsaved: [SnapshotEntry]?

    private static var snapshotKey: String { "window" }

    init(
        window: WindowDefinition, operation: Operation, key: @escaping @Sendable (Item) -> Key,
        time: @escaping @Sendable (Item) -> Int64
    ) {
        self.window = window
        self.operation = operation
        self.key = key
        self.time = time
        self.aggregator = KeyedWindowAggregator(window: window, operation: operation)
        self.earlyPeriod = window.earlyResultsPeriod.map(Self.nanoseconds)
    }

    mutating func initialize(context: ProcessorContext) throws {
        lateEvents = context.counters.counter(Counter.Name.lateEvents)
        partitioner = context.partitioner
        ownedPartitions = context.ownedPartitions
        clock = context.clock
        lastEarly = clock.nanoseconds()
    }

    mutating func process(ordinal: Int, inbox: inout Inbox<Item>, outbox: Outbox<Output>) throws {
        guard pending.flush(to: outbox) else { return }
        let aggregator = self.aggregator
        let lateBefore = aggregator.lateItemCount
        let key = self.key
        let time = self.time
        inbox.drainAll { item in _ = aggregator.accumulate(item, key: key(item), time: time(item)) }
        let late = aggregator.lateItemCount &- lateBefore
        if late > 0 { lateEvents.add(Int(late)) }
        emitEarlyResultsIfDue(outbox: outbox)
    }

    mutating func tryProcess(outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        emitEarlyResultsIfDue(outbox: outbox)
        return pending.isEmpty
    }

    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        // Idle is "no events for now", not a point in event time: it closes nothing.
        if !watermark.isIdle {
            let pending = self.pending
            aggregator.advanceWatermark(to: watermark.timestamp) { pending.append($0) }
            guard pending.flush(to: outbox) else { return false }
        }
        return outbox.offer(watermark)
    }

    mutating func complete(outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        // The input has ended, so no item can join an open window: all of them close now.
        let pending = self.pending
        aggregator.advanceWatermark(to: .max) { pending.append($0) }
        return pending.flush(to: outbox)
    }

    mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Output>) throws -> Bool {
        // Results already taken from the aggregator are in no queue and not in its state: emit them first.
        guard pending.flush(to: outbox) else { return false }
        if unsaved == nil { unsaved = try snapshotEntries() }
        while let entry = unsaved?.last {
            guard snapshot.offer(entry) else { return false }
            unsaved?.removeLast()
        }
        unsaved = nil
        return true
    }

    mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) throws {
        let aggregator = self.aggregator
        try inbox.drainAll { entry in
            guard entry.key == Array(Self.snapshotKey.utf8) else {
                throw PipelineError("unknown snapshot entry for a window stage")
            }
            try aggregator.restore(from: entry.value)
        }
    }

    /// One entry per owned partition that holds state, so that a restore with another parallelism sends each
    /// partition's windows to the instance that owns it then.
    private func snapshotEntries() throws -> [SnapshotEntry] {
        let partitioner = self.partitioner
        var used = Set<Int>()
        _ = try aggregator.save { key in
            used.insert(partitioner.partition(of: key))
            return false
        }
        return try used.sorted().map { partition in
            SnapshotEntry(
                key: Self.snapshotKey,
                value: try aggregator.save { partitioner.partition(of: $0) == partition }, partition: partition)
        }
    }

    private mutating func emitEarlyResultsIfDue(outbox: Outbox<Output>) {
        guard let earlyPeriod, pending.isEmpty else { return }
        let now = clock.nanoseconds()
        guard now - lastEarly >= earlyPeriod else { return }
        lastEarly = now
        let pending = self.pending
        aggregator.emitEarlyResults { pending.append($0) }
        _ = pending.flush(to: outbox)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue &+ attoseconds / 1_000_000_000)
    }
}
