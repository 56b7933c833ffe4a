/// What flows through a queue besides data items: watermarks, snapshot barriers and the end of the stream.
///
/// Control items travel in a small ring beside the data ring of an ``SPSCQueue``, each stamped with the data
/// position it follows, so the data ring stays a contiguous array of items with no per-item tag.
@usableFromInline
enum ControlItem: Sendable, Equatable {
    /// The producer's event time has advanced.
    case watermark(Watermark)
    /// The producer has saved its state for a snapshot; everything after belongs to the next snapshot.
    case barrier(SnapshotBarrier)
    /// The producer has completed: nothing more will arrive on this queue.
    case done
}

/// A control item and the data position (count of items written before it) it follows.
@usableFromInline
struct ControlEntry: Sendable {
    @usableFromInline var position: Int
    @usableFromInline var item: ControlItem

    @inlinable
    init(position: Int, item: ControlItem) {
        self.position = position
        self.item = item
    }
}
