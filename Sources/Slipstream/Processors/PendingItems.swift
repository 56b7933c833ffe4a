import SlipstreamEngine

/// Items waiting for room in an outbox, in order. A class so closures can append to it without capturing
/// the processor.
///
/// Used on the thread of the processor that owns it only. Inlinable, so that processors specialized in the
/// module that builds the pipeline reach it without generic dispatch.
@usableFromInline
final class PendingItems<Item> {
    // One thread uses it: no dynamic exclusivity checks on the hot path.
    @usableFromInline @exclusivity(unchecked) var items: [Item] = []
    @usableFromInline @exclusivity(unchecked) var next = 0

    @inlinable
    init() {}

    /// Whether no item is waiting.
    @inlinable
    var isEmpty: Bool { next == items.count }

    @inlinable
    func append(_ item: Item) {
        items.append(item)
    }

    /// Offers the waiting items; `true` when none is left.
    @inlinable
    func flush(to outbox: Outbox<Item>) -> Bool {
        flush { outbox.offer($0) }
    }

    /// Hands the waiting items to `offer` in order until it refuses one; `true` when none is left.
    @inlinable
    func flush(_ offer: (Item) -> Bool) -> Bool {
        if items.isEmpty { return true }
        while next < items.count {
            guard offer(items[next]) else { return false }
            next += 1
        }
        items.removeAll(keepingCapacity: true)
        next = 0
        return true
    }
}
