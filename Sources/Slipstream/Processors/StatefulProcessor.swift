import SlipstreamEngine
import SlipstreamGrid

/// The processor of ``KeyedStage/stateful(_:initial:ttl:onEvict:_:)``: per-key state in the instance's own
/// partitions of a ``GridMap``, updated in place by each item; expired state may emit through `onEvict`.
///
/// Fed by a partitioned edge with the map's partition count, so every key it sees is in a partition it owns.
/// Expiry runs on access and in a bounded sweep when the processor is idle or a watermark passes, so it never
/// stalls the stream.
///
/// Inlinable: the DSL builds it where the item, key and state types are concrete (in the module that declares
/// the pipeline), so the per-item loop, the key's hash and equality and the grid map's entry processor are
/// specialized there instead of running as generic code with a metadata lookup per operation.
@usableFromInline
struct StatefulProcessor<Item, Key: PartitionKey, State, Output>: Processor {
    @usableFromInline typealias Input = Item

    @usableFromInline let map: GridMap<Key, State>
    @usableFromInline let key: @Sendable (Item) -> Key
    @usableFromInline let initial: @Sendable () -> State
    @usableFromInline let onEvict: (@Sendable (Key, State) -> Output?)?
    @usableFromInline let update: @Sendable (inout State, Item) throws -> Output?
    @usableFromInline let persistence: StatePersistence<Key, State>?
    @usableFromInline var view: GridMapView<Key, State>?
    /// The owned partitions not yet saved in the snapshot being taken.
    @usableFromInline var partitionsToSave: [Int]?
    /// Outputs waiting for room: evictions, and the output of an item the outbox refused.
    @usableFromInline let pending = PendingItems<Output>()
    @usableFromInline var clock = EngineClock.monotonic
    @usableFromInline var lastSweep: Int64 = 0

    // Only `process` and `complete` are inlinable: the engine calls them through entry points specialized for
    // the processor type; it calls the other methods once per batch or less, through the protocol.

    /// Sweeps at most this often when idle (nanoseconds) and this many entries at a time.
    @usableFromInline static var sweepInterval: Int64 { 10_000_000 }
    @usableFromInline static var sweepBudget: Int { 512 }

    @inlinable
    init(
        map: GridMap<Key, State>, key: @escaping @Sendable (Item) -> Key, initial: @escaping @Sendable () -> State,
        onEvict: (@Sendable (Key, State) -> Output?)?, update: @escaping @Sendable (inout State, Item) throws -> Output?,
        persistence: StatePersistence<Key, State>?
    ) {
        self.map = map
        self.key = key
        self.initial = initial
        self.onEvict = onEvict
        self.update = update
        self.persistence = persistence
    }

    @usableFromInline
    mutating func initialize(context: ProcessorContext) throws {
        guard context.partitioner.partitionCount == map.configuration.partitionCount else {
            throw PipelineError(
                "the grid map has \(map.configuration.partitionCount) partitions but the edge \(context.partitioner.partitionCount)",
                stage: context.vertexName)
        }
        let view = try map.claimView(instance: context.instance, of: context.parallelism)
        if let onEvict {
            let pending = self.pending
            view.onEvict = { key, state, _ in
                if let output = onEvict(key, state) { pending.append(output) }
            }
        }
        self.view = view
        clock = context.clock
        lastSweep = clock.nanoseconds()
    }

    @inlinable
    mutating func process(ordinal: Int, inbox: inout Inbox<Item>, outbox: Outbox<Output>) throws {
        guard pending.flush(to: outbox), let view else { return }
        let key = self.key
        let initial = self.initial
        let update = self.update
        let pending = self.pending
        // An item leaves the inbox as soon as it has updated its state (it must not update it twice); an output
        // the outbox refuses waits in `pending`, which goes out first on the next call and before a snapshot.
        while let item = inbox.poll() {
            let output = try view.update(key(item), default: initial()) { state in try update(&state, item) }
            if !pending.isEmpty {
                // The update evicted an entry whose output came first: keep the order.
                if let output { pending.append(consume output) }
                guard pending.flush(to: outbox) else { return }
            } else if let output, let refused = outbox.offerOrReturn(consume output) {
                pending.append(consume refused)
                return
            }
        }
    }

    @usableFromInline
    mutating func tryProcess(outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        let now = clock.nanoseconds()
        if onEvict != nil || map.configuration.expiry.timeToLive != nil, now - lastSweep >= Self.sweepInterval {
            lastSweep = now
            view?.sweep(budget: Self.sweepBudget)
        }
        return pending.flush(to: outbox)
    }

    @usableFromInline
    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        if !watermark.isIdle { view?.advanceEventTime(to: watermark.timestamp) }
        return outbox.offer(watermark)
    }

    @inlinable
    mutating func complete(outbox: Outbox<Output>) throws -> Bool {
        pending.flush(to: outbox)
    }

    // MARK: - Snapshots

    /// Saves each owned partition as one entry (keyed by the partition, restored on its new owner), a few per
    /// call if the snapshot refuses more. Outputs still pending go out first: they belong before the barrier.
    @usableFromInline
    mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        guard let persistence, let view else { return true }
        var remaining = partitionsToSave ?? view.partitionIDs
        defer { partitionsToSave = remaining.isEmpty ? nil : remaining }
        while let id = remaining.first {
            let entry = SnapshotEntry(key: "partition-\(id)", value: try persistence.save(view, id), partition: id)
            guard snapshot.offer(entry) else { return false }
            remaining.removeFirst()
        }
        return true
    }

    @usableFromInline
    mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) throws {
        guard let view else { return }
        while let entry = inbox.poll() {
            guard let persistence, let id = entry.partition else {
                throw EngineError(
                    .snapshotRestoreFailed,
                    "the snapshot holds state for a stateful stage whose key or state type is not BinaryCodable")
            }
            try persistence.restore(view, id, entry.value)
        }
    }

    @usableFromInline
    mutating func close() throws {
        view?.release()
        view = nil
    }
}

/// How a stateful stage saves and restores its grid partitions: available when its key and state types are
/// `BinaryCodable` (the grid's versioned snapshot format).
@usableFromInline
struct StatePersistence<Key: PartitionKey, State>: Sendable {
    @usableFromInline let save: @Sendable (GridMapView<Key, State>, Int) throws -> [UInt8]
    @usableFromInline let restore: @Sendable (GridMapView<Key, State>, Int, [UInt8]) throws -> Void

    @inlinable
    init(
        save: @escaping @Sendable (GridMapView<Key, State>, Int) throws -> [UInt8],
        restore: @escaping @Sendable (GridMapView<Key, State>, Int, [UInt8]) throws -> Void
    ) {
        self.save = save
        self.restore = restore
    }
}

extension StatePersistence where Key: BinaryCodable, State: BinaryCodable {
    /// Saves and restores with the grid's partition snapshot format.
    @inlinable
    static var binary: StatePersistence {
        StatePersistence(
            save: { view, id in try view.savePartition(id) },
            restore: { view, id, bytes in try view.restorePartition(id, from: bytes) })
    }
}
