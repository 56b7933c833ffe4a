/// The unit of computation of the engine: one instance of a DAG vertex, transforming the items of its input
/// queues into items of its output queues.
///
/// The contract follows Hazelcast Jet's `Processor`, with types: ``Input`` and ``Output`` are the item types of
/// the incoming and outgoing edges, so items are never boxed. A source has `Input == Never`; a sink usually has
/// `Output == Never`.
///
/// ## How the methods are called
/// Every method is called on the thread running the instance, one at a time; none is called concurrently.
/// 1. ``initialize(context:)`` once, before anything else.
/// 2. If the job restores a snapshot: ``restoreFromSnapshot(_:)`` with the saved entries (possibly several
///    calls), then ``finishSnapshotRestore()`` until it returns `true`.
/// 3. ``process(ordinal:inbox:outbox:)`` with each batch of input. Edges with a lower priority value are read
///    to their end before any edge with a higher value. When there is no input, ``tryProcess(outbox:)``.
/// 4. ``tryProcess(watermark:outbox:)`` when the coalesced watermark of all inputs advances, until `true`.
/// 5. ``completeEdge(ordinal:outbox:)`` when every upstream instance of an input has ended, until `true`.
/// 6. ``complete(outbox:)`` when all inputs have ended, until `true`. A source has no inputs, so this is where it
///    emits: it returns `true` when a bounded source is exhausted and never for an unbounded one.
/// 7. On a snapshot barrier: ``saveToSnapshot(into:outbox:)`` until `true`, then ``snapshotCommitPrepare()``
///    until `true`; once every processor of the job has saved, ``snapshotCommitFinish(success:)`` until `true`.
/// 8. ``close()`` once at the end, whether the job completed, failed or was cancelled.
///
/// A method returning `Bool` returns `false` to say "not finished; call me again" (typically after the outbox
/// refused an item). A method that throws fails the job, naming the vertex and the error.
///
/// ## Cooperative processors never block
/// A cooperative processor (the default) shares a worker thread with many others: every call must return within
/// about a millisecond, without locks, sleeping or I/O. It returns early when the outbox refuses and resumes on the
/// next call. A processor that must block (a Kafka client, a file) sets ``isCooperative`` to `false`; it then
/// gets a thread of its own.
///
/// ## State and snapshots
/// Processor state lives in the instance (a struct or a class). A keyed stage receives, through a partitioned
/// edge, every key of the partitions listed in ``ProcessorContext/ownedPartitions``, so its state needs no lock.
/// The snapshot methods save and restore that state as ``SnapshotEntry`` values.
///
/// A snapshot is taken between items: when the barrier reaches the head of the queue, every item before it has
/// been removed from the inbox. Output still pending in the processor at that point is in no queue, so it must be
/// saved with the state — or, simpler, remove an item only once all of its output has been accepted (as
/// ``Inbox/drain(while:)`` and the built-in processors do). `verifyProcessor` in SlipstreamTestKit checks this by
/// restoring a fresh instance between calls.
public protocol Processor<Input, Output>: SendableMetatype {
    /// The type of the items arriving on every input ordinal.
    associatedtype Input
    /// The type of the items emitted to every output ordinal.
    associatedtype Output

    /// Whether the instance runs on the shared cooperative worker threads (`true`, the default) or on a thread
    /// of its own because it may block.
    var isCooperative: Bool { get }

    /// Prepares the instance to run. Called once, on the thread that runs it.
    mutating func initialize(context: ProcessorContext) throws

    /// Handles the items in `inbox`, which all arrived on input `ordinal`. Items left in the inbox are offered
    /// again on the next call.
    mutating func process(ordinal: Int, inbox: inout Inbox<Input>, outbox: Outbox<Output>) throws

    /// Handles a watermark: the coalesced event time of all inputs has reached `watermark`. The default
    /// forwards it to every output.
    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Output>) throws -> Bool

    /// Called when no input is waiting, for time-driven work (timeouts, flushing). The default does nothing.
    mutating func tryProcess(outbox: Outbox<Output>) throws -> Bool

    /// Called when every upstream instance of input `ordinal` has completed. The default returns `true`.
    mutating func completeEdge(ordinal: Int, outbox: Outbox<Output>) throws -> Bool

    /// Called when all inputs have completed (at once for a source) until it returns `true`; the processor is
    /// then done. The default returns `true`.
    mutating func complete(outbox: Outbox<Output>) throws -> Bool

    /// Saves the instance's state for a snapshot into `snapshot`, until it returns `true`. The default saves
    /// nothing.
    mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Output>) throws -> Bool

    /// Restores state from entries saved by ``saveToSnapshot(into:outbox:)`` (by any instance of the vertex:
    /// partitioned entries arrive at the instance that now owns their partition). The default throws if there
    /// is any entry, as a processor that saves state must restore it.
    mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) throws

    /// Called after the last ``restoreFromSnapshot(_:)`` until it returns `true`. The default returns `true`.
    mutating func finishSnapshotRestore() throws -> Bool

    /// The first commit phase, right after saving: prepare an external transaction to be committed with the
    /// snapshot (a transactional Kafka sink flushes here). The default returns `true`.
    mutating func snapshotCommitPrepare() throws -> Bool

    /// The second commit phase, once the snapshot is complete (`success == true`) or abandoned: commit or roll
    /// back what ``snapshotCommitPrepare()`` prepared. The default returns `true`.
    mutating func snapshotCommitFinish(success: Bool) throws -> Bool

    /// Releases resources. Called once at the end, on the instance's thread, however the job ended.
    mutating func close() throws
}

// MARK: - Defaults

extension Processor {
    @inlinable public var isCooperative: Bool { true }

    @inlinable public mutating func initialize(context: ProcessorContext) throws {}

    @inlinable
    public mutating func tryProcess(watermark: Watermark, outbox: Outbox<Output>) throws -> Bool {
        outbox.offer(watermark)
    }

    @inlinable public mutating func tryProcess(outbox: Outbox<Output>) throws -> Bool { true }

    @inlinable public mutating func completeEdge(ordinal: Int, outbox: Outbox<Output>) throws -> Bool { true }

    @inlinable public mutating func complete(outbox: Outbox<Output>) throws -> Bool { true }

    @inlinable
    public mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Output>) throws -> Bool {
        true
    }

    public mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) throws {
        if !inbox.isEmpty {
            throw EngineError(
                .snapshotRestoreFailed,
                "\(Self.self) received \(inbox.count) snapshot entries but does not implement restoreFromSnapshot")
        }
    }

    @inlinable public mutating func finishSnapshotRestore() throws -> Bool { true }

    @inlinable public mutating func snapshotCommitPrepare() throws -> Bool { true }

    @inlinable public mutating func snapshotCommitFinish(success: Bool) throws -> Bool { true }

    @inlinable public mutating func close() throws {}
}
