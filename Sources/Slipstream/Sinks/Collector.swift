import Foundation
import SlipstreamEngine

/// Items collected by a ``Sink/collect(into:name:)`` sink, readable while the job runs and after it ends.
///
/// Sink instances append a whole batch at a time under a lock, so the items of one upstream instance stay in
/// order. The collector also keeps the highest watermark that reached the sink.
public final class Collector<Item: Sendable>: Sendable {
    private let lock = NSLock()
    private nonisolated(unsafe) var collected: [Item] = []
    private nonisolated(unsafe) var watermark: Watermark?

    /// Creates an empty collector.
    public init() {}

    /// A copy of the items collected so far.
    public var items: [Item] { lock.withLock { collected } }

    /// The number of items collected so far.
    public var count: Int { lock.withLock { collected.count } }

    /// The highest watermark (other than idle) that reached the sink, if any.
    public var latestWatermark: Watermark? { lock.withLock { watermark } }

    /// Removes every item.
    public func removeAll() {
        lock.withLock { collected.removeAll() }
    }

    /// Appends a batch of items (what the sink does with each inbox batch).
    public func append(contentsOf batch: [Item]) {
        lock.withLock { collected.append(contentsOf: batch) }
    }

    func record(_ mark: Watermark) {
        guard !mark.isIdle else { return }
        lock.withLock {
            if watermark.map({ mark > $0 }) ?? true { watermark = mark }
        }
    }
}

/// Appends each inbox batch to a ``Collector`` in one locked step.
@usableFromInline
struct CollectorSinkProcessor<Item: Sendable>: Processor {
    @usableFromInline typealias Output = Never

    @usableFromInline let collector: Collector<Item>
    @usableFromInline var batch: [Item] = []

    @inlinable
    init(_ collector: Collector<Item>) {
        self.collector = collector
    }

    @inlinable
    mutating func process(ordinal: Int, inbox: inout Inbox<Item>, outbox: Outbox<Never>) throws {
        inbox.drain(into: &batch)
        collector.append(contentsOf: batch)
        batch.removeAll(keepingCapacity: true)
    }

    @usableFromInline
    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Never>) throws -> Bool {
        collector.record(watermark)
        return true
    }
}
