import SlipstreamEngine

/// A processor whose outputs the outbox refused wait in a ``PendingItems``, and must go out before anything that
/// follows their inputs: a watermark, a snapshot's barrier (they belong to the snapshot's epoch: their inputs are
/// behind its positions), the end of the stream, or nothing at all while input is idle. Conforming gives it those
/// four hooks.
@usableFromInline
protocol HoldsPendingOutputs: Processor {
    var pending: PendingItems<Output> { get }
}

extension HoldsPendingOutputs {
    @inlinable
    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        return outbox.offer(watermark)
    }

    @inlinable
    mutating func tryProcess(outbox: Outbox<Output>) throws -> Bool {
        pending.flush(to: outbox)
    }

    @inlinable
    mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Output>) throws -> Bool {
        pending.flush(to: outbox)
    }

    @inlinable
    mutating func complete(outbox: Outbox<Output>) throws -> Bool {
        pending.flush(to: outbox)
    }
}
