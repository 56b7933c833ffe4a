/// Where a processor writes its state during ``Processor/saveToSnapshot(into:outbox:)``.
///
/// ``offer(_:)`` returns `false` when the snapshot cannot take more now; the processor then returns `false` from
/// `saveToSnapshot` and continues on the next call. Used only on the thread running the processor.
public final class SnapshotOutbox {
    @usableFromInline var entries: [SnapshotEntry] = []
    @usableFromInline let limit: Int

    /// Creates a snapshot outbox that holds up to `limit` entries between two drains by the engine.
    package init(limit: Int = Int.max) {
        self.limit = limit
    }

    /// Adds `entry` to the snapshot. Returns `false` if it must be offered again on a later call.
    @inlinable
    public func offer(_ entry: SnapshotEntry) -> Bool {
        guard entries.count < limit else { return false }
        entries.append(entry)
        return true
    }

    /// Takes the entries written so far.
    package func drain() -> [SnapshotEntry] {
        defer { entries.removeAll(keepingCapacity: true) }
        return entries
    }
}
