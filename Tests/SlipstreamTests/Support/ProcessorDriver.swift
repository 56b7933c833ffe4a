import SlipstreamEngine
import SlipstreamTestKit

/// Runs one processor by hand, call by call, with room for all its output: for tests that look at what a
/// processor saves in a snapshot and how a fresh instance continues from it.
struct ProcessorDriver<P: Processor> {
    private(set) var processor: P
    private let probe = OutboxProbe<P.Output>(ordinalCount: 1, capacity: 1 << 16)
    private let context: ProcessorContext
    /// Every item emitted so far.
    private(set) var output: [P.Output] = []

    /// Makes and initializes an instance; restores it from `snapshot` when given.
    init(_ make: () throws -> P, context: ProcessorContext, restoring snapshot: [SnapshotEntry]? = nil) throws {
        processor = try make()
        self.context = context
        try processor.initialize(context: context)
        if let snapshot {
            let buffer = InboxBuffer(snapshot)
            try buffer.withInbox { inbox in try processor.restoreFromSnapshot(&inbox) }
            while try !processor.finishSnapshotRestore() {}
        }
    }

    /// Feeds the items and watermarks of `events` in order, on input `ordinal`.
    mutating func feed(_ events: [TestEvent<P.Input>], ordinal: Int = 0) throws {
        for event in events {
            switch event {
            case .item(let item):
                let buffer = InboxBuffer([item])
                while !buffer.isEmpty {
                    probe.beginCall()
                    try buffer.withInbox { inbox in try processor.process(ordinal: ordinal, inbox: &inbox, outbox: probe.outbox) }
                    collect()
                }
            case .watermark(let time):
                repeat { probe.beginCall() } while try !processor.tryProcess(watermark: Watermark(time), outbox: probe.outbox)
                collect()
            }
        }
    }

    /// Calls `complete` until it is done.
    mutating func complete() throws {
        repeat { probe.beginCall() } while try !processor.complete(outbox: probe.outbox)
        collect()
    }

    /// What the instance saves in a snapshot now.
    mutating func snapshot() throws -> [SnapshotEntry] {
        let snapshot = SnapshotOutbox()
        repeat { probe.beginCall() } while try !processor.saveToSnapshot(into: snapshot, outbox: probe.outbox)
        collect()
        return snapshot.drain()
    }

    /// Tells the instance that its last snapshot completed.
    mutating func commitSnapshot() throws -> Bool {
        try processor.snapshotCommitFinish(success: true)
    }

    mutating func close() throws {
        try processor.close()
    }

    private mutating func collect() {
        for event in probe.drain()[0] {
            if case .item(let item) = event { output.append(item) }
        }
    }
}
