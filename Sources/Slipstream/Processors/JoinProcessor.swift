import SlipstreamEngine
import SlipstreamGrid

/// The processor of ``KeyedStage/join(_:within:time:otherTime:cardinality:unmatched:name:)``: a join buffer
/// over the keys of the partitions this instance owns, fed with both sides — a ``OneToOneJoinBuffer`` for
/// one-to-one joins (laid out for streams where most items wait and leave unmatched), a ``StreamJoinBuffer``
/// for many-to-many ones. Both pair, time out and save alike.
///
/// Pairs leave as soon as the second item of a pair arrives; items whose time bound the watermark passed
/// without a partner leave as unmatched (emitted or only counted), and all waiting items leave as unmatched
/// when the input ends. The buffer's figures are published as vertex counters (``JoinCounterNames``).
///
/// The per-item path (`process`, the watermark's expiry, `complete`) is inlinable, so that the processor is
/// specialized for its item and key types where the pipeline is declared: unspecialized, every item and every
/// expiry went through generic metadata lookups. Setup and snapshots are not.
@usableFromInline
struct JoinProcessor<Left, Right, Key: PartitionKey>: Processor {
    @usableFromInline typealias Input = EitherSide<Left, Right>
    @usableFromInline typealias Output = JoinOutput<Key, Left, Right>

    /// Saves the buffer's items of the keys `filter` accepts; restores them (from snapshots). `nil` when the
    /// item types cannot be encoded. Made by ``binary()`` where they can.
    @usableFromInline
    struct Snapshotting: Sendable {
        let save: @Sendable (StreamJoinBuffer<Key, Left, Right>, (Key) -> Bool) throws -> [UInt8]
        let restore: @Sendable (StreamJoinBuffer<Key, Left, Right>, [UInt8]) throws -> Void
        let saveOneToOne: @Sendable (OneToOneJoinBuffer<Key, Left, Right>, (Key) -> Bool) throws -> [UInt8]
        let restoreOneToOne: @Sendable (OneToOneJoinBuffer<Key, Left, Right>, [UInt8]) throws -> Void
    }

    /// The buffer of a one-to-one join; `nil` for many-to-many.
    @usableFromInline let oneToOne: OneToOneJoinBuffer<Key, Left, Right>?
    /// The buffer of a many-to-many join; `nil` for one-to-one.
    @usableFromInline let general: StreamJoinBuffer<Key, Left, Right>?
    @usableFromInline let leftKey: @Sendable (Left) -> Key
    @usableFromInline let rightKey: @Sendable (Right) -> Key
    @usableFromInline let leftTime: @Sendable (Left) -> Int64
    @usableFromInline let rightTime: @Sendable (Right) -> Int64
    @usableFromInline let emitsUnmatched: Bool
    @usableFromInline let snapshotting: Snapshotting?
    @usableFromInline let pending: PendingItems<Output>
    /// Expires the items whose time bound the watermark passed (into `pending`). A closure made in the inlinable
    /// initializer, so that it runs code specialized for the item types: the engine calls
    /// `tryProcess(watermark:)` through generic code, and an unspecialized expiry cost as much as the join itself.
    @usableFromInline let expireItems: (Int64) -> Void
    @usableFromInline var published = (matched: Int64(0), unmatchedLeft: Int64(0), unmatchedRight: Int64(0), late: Int64(0))
    @usableFromInline var counters: (matched: Counter, unmatchedLeft: Counter, unmatchedRight: Counter, late: Counter) =
        (Counter(), Counter(), Counter(), Counter())
    @usableFromInline var partitioner = Partitioner()
    @usableFromInline var unsaved: [SnapshotEntry]?
    @usableFromInline var vertexName = "join"

    private static var snapshotKey: String { "join" }

    @inlinable
    init(
        window: JoinWindow, cardinality: JoinCardinality, emitsUnmatched: Bool,
        leftKey: @escaping @Sendable (Left) -> Key, rightKey: @escaping @Sendable (Right) -> Key,
        leftTime: @escaping @Sendable (Left) -> Int64, rightTime: @escaping @Sendable (Right) -> Int64,
        snapshotting: Snapshotting?
    ) {
        let pending = PendingItems<Output>()
        self.pending = pending
        if cardinality == .oneToOne {
            let buffer = OneToOneJoinBuffer<Key, Left, Right>(window: window)
            oneToOne = buffer
            general = nil
            expireItems = { watermark in
                buffer.advanceWatermark(to: watermark) { output in
                    if emitsUnmatched { pending.append(output) }
                }
            }
        } else {
            let buffer = StreamJoinBuffer<Key, Left, Right>(window: window, cardinality: cardinality)
            oneToOne = nil
            general = buffer
            expireItems = { watermark in
                buffer.advanceWatermark(to: watermark) { output in
                    if emitsUnmatched { pending.append(output) }
                }
            }
        }
        self.emitsUnmatched = emitsUnmatched
        self.leftKey = leftKey
        self.rightKey = rightKey
        self.leftTime = leftTime
        self.rightTime = rightTime
        self.snapshotting = snapshotting
    }

    @usableFromInline
    mutating func initialize(context: ProcessorContext) throws {
        counters = (
            context.counters.counter(JoinCounterNames.matched), context.counters.counter(JoinCounterNames.unmatchedLeft),
            context.counters.counter(JoinCounterNames.unmatchedRight), context.counters.counter(JoinCounterNames.late)
        )
        partitioner = context.partitioner
        vertexName = context.vertexName
    }

    @inlinable
    mutating func process(ordinal: Int, inbox: inout Inbox<Input>, outbox: Outbox<Output>) throws {
        guard pending.flush(to: outbox) else { return }
        let pending = self.pending
        let emitsUnmatched = self.emitsUnmatched
        let emit: (Output) -> Void = { output in
            if case .matched = output {
                pending.append(output)
            } else if emitsUnmatched {
                pending.append(output)
            }
        }
        defer { publishCounts() }
        if let buffer = oneToOne {
            // Items move into the buffer and on into the outputs.
            let emitMoving: (consuming Output) -> Void = { output in
                if emitsUnmatched {
                    pending.append(consume output)
                } else if case .matched = output {
                    pending.append(consume output)
                }
            }
            while let item = inbox.poll() {
                switch consume item {
                case .left(let value):
                    let key = leftKey(value)
                    let time = leftTime(value)
                    buffer.offerLeft(consume value, key: consume key, time: time, emit: emitMoving)
                case .right(let value):
                    let key = rightKey(value)
                    let time = rightTime(value)
                    buffer.offerRight(consume value, key: consume key, time: time, emit: emitMoving)
                }
                guard pending.flush(to: outbox) else { return }
            }
        } else if let buffer = general {
            while let item = inbox.poll() {
                switch item {
                case .left(let value): buffer.offerLeft(value, key: leftKey(value), time: leftTime(value), emit: emit)
                case .right(let value): buffer.offerRight(value, key: rightKey(value), time: rightTime(value), emit: emit)
                }
                guard pending.flush(to: outbox) else { return }
            }
        }
    }

    @inlinable
    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        if !watermark.isIdle {
            expire(upTo: watermark.timestamp)
            guard pending.flush(to: outbox) else { return false }
        }
        return outbox.offer(watermark)
    }

    @inlinable
    mutating func complete(outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        // No partner can come any more: everything waiting is unmatched.
        expire(upTo: .max)
        return pending.flush(to: outbox)
    }

    @usableFromInline
    mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        guard figures.pending > 0 || unsaved != nil else { return true }
        guard let snapshotting else {
            throw PipelineError(
                "the join's items cannot be saved in a snapshot: conform \(Left.self), \(Right.self) and \(Key.self) to BinaryCodable",
                stage: vertexName)
        }
        if unsaved == nil {
            let partitioner = self.partitioner
            var used = Set<Int>()
            let oneToOne = self.oneToOne, general = self.general
            let save = { (filter: (Key) -> Bool) throws -> [UInt8] in
                if let oneToOne { return try snapshotting.saveOneToOne(oneToOne, filter) }
                return try snapshotting.save(general!, filter)
            }
            _ = try save { key in
                used.insert(partitioner.partition(of: key))
                return false
            }
            unsaved = try used.sorted().map { partition in
                SnapshotEntry(
                    key: Self.snapshotKey, value: try save { partitioner.partition(of: $0) == partition },
                    partition: partition)
            }
        }
        while let entry = unsaved?.last {
            guard snapshot.offer(entry) else { return false }
            unsaved?.removeLast()
        }
        unsaved = nil
        return true
    }

    @usableFromInline
    mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) throws {
        let oneToOne = self.oneToOne, general = self.general
        let snapshotting = self.snapshotting
        let vertexName = self.vertexName
        try inbox.drainAll { entry in
            guard entry.key == Array(Self.snapshotKey.utf8), let snapshotting else {
                throw PipelineError("unexpected snapshot entry for a join stage", stage: vertexName)
            }
            if let oneToOne {
                try snapshotting.restoreOneToOne(oneToOne, entry.value)
            } else {
                try snapshotting.restore(general!, entry.value)
            }
        }
        // Saved figures were published by the instance that saved them; only new ones count from here.
        published = figures.counts
    }

    @inlinable
    mutating func expire(upTo watermark: Int64) {
        expireItems(watermark)
        publishCounts()
    }

    /// Adds what the buffer counted since the last call to the vertex counters: once per batch, not per item.
    @inlinable
    mutating func publishCounts() {
        let now = figures.counts
        if now.0 != published.matched { counters.matched.add(Int(now.0 &- published.matched)) }
        if now.1 != published.unmatchedLeft { counters.unmatchedLeft.add(Int(now.1 &- published.unmatchedLeft)) }
        if now.2 != published.unmatchedRight { counters.unmatchedRight.add(Int(now.2 &- published.unmatchedRight)) }
        if now.3 != published.late { counters.late.add(Int(now.3 &- published.late)) }
        published = now
    }

    /// The buffer's counts (matched, unmatched left, unmatched right, late) and its waiting items.
    @inlinable
    var figures: (counts: (Int64, Int64, Int64, Int64), pending: Int) {
        if let buffer = oneToOne {
            let c = buffer.counters
            return ((c.matched, c.unmatchedLeft, c.unmatchedRight, c.late), buffer.pendingLeftCount + buffer.pendingRightCount)
        }
        let buffer = general!
        return (
            (buffer.matchedCount, buffer.unmatchedLeftCount, buffer.unmatchedRightCount, buffer.lateCount),
            buffer.pendingLeftCount + buffer.pendingRightCount
        )
    }
}

extension JoinProcessor.Snapshotting where Left: BinaryCodable, Right: BinaryCodable, Key: BinaryCodable {
    /// Saves and restores either buffer in their common binary format (setup, not the per-item path).
    @usableFromInline
    static func binary() -> Self {
        Self(
            save: { buffer, filter in try buffer.save(filter: filter) },
            restore: { buffer, bytes in try buffer.restore(from: bytes) },
            saveOneToOne: { buffer, filter in try buffer.save(filter: filter) },
            restoreOneToOne: { buffer, bytes in try buffer.restore(from: bytes) })
    }
}
