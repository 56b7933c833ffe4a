/// Owned storage for items handed to a processor through an ``Inbox`` outside of a queue: snapshot entries on
/// restore, and the inputs of test harnesses. Items the processor leaves stay for the next ``withInbox(_:)``.
package final class InboxBuffer<Element> {
    private let base: UnsafeMutablePointer<Element>
    private var start = 0
    private let end: Int

    /// Takes a copy of `items`.
    package init<Items: Collection>(_ items: Items) where Items.Element == Element {
        base = .allocate(capacity: max(items.count, 1))
        end = items.count
        _ = UnsafeMutableBufferPointer(start: base, count: end).initialize(from: items)
    }

    deinit {
        (base + start).deinitialize(count: end - start)
        base.deallocate()
    }

    /// The number of items not yet removed by a processor.
    package var count: Int { end - start }

    /// Whether every item has been removed.
    package var isEmpty: Bool { start == end }

    /// Lends the remaining items to `body` as an inbox, and keeps those it does not remove.
    package func withInbox<Result>(_ body: (inout Inbox<Element>) throws -> Result) rethrows -> Result {
        var inbox = Inbox(items: base + start, count: end - start)
        defer { start += inbox.removedCount }
        return try body(&inbox)
    }
}
