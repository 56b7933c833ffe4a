import SlipstreamEngine

/// One run of a processor under ``ProcessorVerifier``: the current instance, its 1-slot outbox, the output so
/// far, and the snapshot-and-restore step between calls.
struct ProcessorRun<P: Processor> {
    private let factory: () throws -> P
    private let context: ProcessorContext
    private let mode: ProcessorVerifier<P>.Mode
    private let callLimit: Int
    private let cooperativeTimeLimit: Duration?
    private let clock = ContinuousClock()
    private let probe: OutboxProbe<P.Output>
    private var processor: P
    private var calls = 0
    private(set) var outputs: [[TestEvent<P.Output>]]

    init(
        factory: @escaping () throws -> P, context: ProcessorContext, outputOrdinalCount: Int,
        mode: ProcessorVerifier<P>.Mode, callLimit: Int, cooperativeTimeLimit: Duration?
    ) throws {
        self.factory = factory
        self.context = context
        self.mode = mode
        self.callLimit = callLimit
        self.cooperativeTimeLimit = cooperativeTimeLimit
        self.probe = OutboxProbe(ordinalCount: outputOrdinalCount, capacity: 1)
        self.outputs = Array(repeating: [], count: outputOrdinalCount)
        self.processor = try factory()
        try processor.initialize(context: context)
    }

    /// Calls `process` until the inbox of `items` is empty, checking progress and snapshotting between calls.
    mutating func process(_ items: [P.Input], ordinal: Int) throws {
        let buffer = InboxBuffer(items)
        while !buffer.isEmpty {
            let before = buffer.count
            probe.beginCall()
            let start = clock.now
            try buffer.withInbox { inbox in
                try processor.process(ordinal: ordinal, inbox: &inbox, outbox: probe.outbox)
            }
            try checkDuration(since: start, of: "process(ordinal: \(ordinal))")
            let emitted = collect()
            guard buffer.count < before || emitted > 0 else {
                throw failure(
                    "process(ordinal: \(ordinal)) neither took an item from its inbox of \(before) "
                        + "nor emitted anything, with an empty outbox: it would be called forever")
            }
            // The engine snapshots only between items: when a barrier reaches the head of the queue.
            try afterCall(snapshot: buffer.isEmpty)
        }
    }

    /// Calls a method returning "done?" until it returns `true`, checking progress in between, and snapshotting
    /// if `snapshots` (true for `complete()`, where sources snapshot between calls).
    mutating func repeatUntilDone(
        _ name: String, snapshots: Bool = false, _ call: (inout P, Outbox<P.Output>) throws -> Bool
    ) throws {
        while true {
            probe.beginCall()
            let start = clock.now
            let done = try call(&processor, probe.outbox)
            try checkDuration(since: start, of: name)
            let emitted = collect()
            if done { return }
            guard emitted > 0 else {
                throw failure("\(name) returned false without emitting anything into an empty outbox")
            }
            try afterCall(snapshot: snapshots)
        }
    }

    mutating func close() throws {
        try processor.close()
    }

    // MARK: - Between calls

    private mutating func afterCall(snapshot: Bool) throws {
        calls += 1
        guard calls < callLimit else { throw failure("more than \(callLimit) calls: the processor never finishes") }
        if mode.snapshots && snapshot { try snapshotAndRestore() }
    }

    /// Saves the state, replaces the instance by a fresh one, and restores the state into it.
    private mutating func snapshotAndRestore() throws {
        let snapshot = SnapshotOutbox()
        var entries: [SnapshotEntry] = []
        try repeatWithoutSnapshot("saveToSnapshot") { processor, outbox in
            let done = try processor.saveToSnapshot(into: snapshot, outbox: outbox)
            entries += snapshot.drain()
            return done
        }
        try repeatWithoutSnapshot("snapshotCommitPrepare") { processor, _ in try processor.snapshotCommitPrepare() }
        try repeatWithoutSnapshot("snapshotCommitFinish") { processor, _ in
            try processor.snapshotCommitFinish(success: true)
        }
        try processor.close()
        processor = try factory()
        try processor.initialize(context: context)
        let buffer = InboxBuffer(entries)
        while !buffer.isEmpty {
            let before = buffer.count
            try buffer.withInbox { try processor.restoreFromSnapshot(&$0) }
            guard buffer.count < before else {
                throw failure("restoreFromSnapshot took none of the \(before) entries it was given")
            }
        }
        try repeatWithoutSnapshot("finishSnapshotRestore") { processor, _ in try processor.finishSnapshotRestore() }
    }

    private mutating func repeatWithoutSnapshot(
        _ name: String, _ call: (inout P, Outbox<P.Output>) throws -> Bool
    ) throws {
        for _ in 0..<callLimit {
            probe.beginCall()
            let done = try call(&processor, probe.outbox)
            collect()
            if done { return }
        }
        throw failure("\(name) did not return true within \(callLimit) calls")
    }

    /// Moves what the outbox holds into `outputs`; returns how many items and watermarks it held.
    @discardableResult
    private mutating func collect() -> Int {
        var count = 0
        for (ordinal, events) in probe.drain().enumerated() {
            for event in events {
                switch event {
                case .item(let item):
                    outputs[ordinal].append(.item(item))
                    count += 1
                case .watermark(let watermark):
                    outputs[ordinal].append(.watermark(watermark.timestamp))
                    count += 1
                case .barrier, .done:
                    break
                }
            }
        }
        return count
    }

    /// Fails if a cooperative processor's call took longer than the time limit, if one is set.
    private func checkDuration(since start: ContinuousClock.Instant, of name: String) throws {
        guard let limit = cooperativeTimeLimit, processor.isCooperative else { return }
        let elapsed = clock.now - start
        guard elapsed <= limit else {
            throw failure("\(name) took \(elapsed), more than the \(limit) a cooperative call may take")
        }
    }

    private func failure(_ message: String) -> ProcessorVerificationError {
        ProcessorVerificationError("\(mode): \(P.self): \(message)")
    }
}
