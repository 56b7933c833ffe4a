import SlipstreamEngine

/// Drives one processor through its whole contract, without threads or queues, and checks its output: the
/// harness of Jet's `TestSupport`, for typed Swift processors.
///
/// ```swift
/// try verifyProcessor { MapProcessor { (n: Int) in n * 2 } }
///     .input([1, 2, 3])
///     .expectOutput([2, 4, 6])
/// ```
///
/// Every check runs the processor several times, in each mode:
/// - the inbox holds all the input at once, and then a single item at a time;
/// - without snapshots, and then with a snapshot wherever the engine could take one (after every call that
///   emptied the inbox, and between calls of `complete()`): the state is saved, a **fresh instance** is made
///   with the factory and restored from it, and the run continues with the new instance.
///
/// The outbox holds a single item per ordinal, so the processor meets a full outbox after almost every item and
/// must return and resume correctly. After every call the harness checks that the processor made progress
/// (consumed input or emitted output) unless its outbox was full. At the end it calls
/// ``Processor/completeEdge(ordinal:outbox:)`` for every input ordinal and ``Processor/complete(outbox:)`` until
/// they return `true`. All modes must produce the expected output.
public struct ProcessorVerifier<P: Processor> {
    private let factory: () throws -> P
    private var events: [(ordinal: Int, event: TestEvent<P.Input>)] = []
    private var inputOrdinalCount = 1
    private var outputOrdinalCount = 1
    private var snapshots = true
    private var callLimit = 1_000_000
    private var cooperativeTimeLimit: Duration?
    private var makeContext: () -> ProcessorContext

    /// Verifies processors made by `factory` (called again for every run and every restore).
    public init(_ factory: @escaping () throws -> P) {
        self.factory = factory
        self.makeContext = { ProcessorContext(jobName: "test", vertexName: "\(P.self)") }
    }

    /// Appends items arriving on input `ordinal` (default 0).
    public func input(_ items: [P.Input], ordinal: Int = 0) -> Self {
        input(events: items.map { .item($0) }, ordinal: ordinal)
    }

    /// Appends items and watermarks arriving on input `ordinal`, in this order.
    public func input(events newEvents: [TestEvent<P.Input>], ordinal: Int = 0) -> Self {
        var copy = self
        copy.events += newEvents.map { (ordinal, $0) }
        copy.inputOrdinalCount = max(copy.inputOrdinalCount, ordinal + 1)
        return copy
    }

    /// Sets the number of output ordinals (default 1).
    public func outputOrdinals(_ count: Int) -> Self {
        var copy = self
        copy.outputOrdinalCount = count
        return copy
    }

    /// Skips the runs with snapshot and restore (for processors that do not support restoring).
    public func disableSnapshots() -> Self {
        var copy = self
        copy.snapshots = false
        return copy
    }

    /// Fails if a call of a cooperative processor takes longer than `limit` (Jet checks 1 s by default; the
    /// contract asks for about a millisecond). Off by default, since a busy test machine can stall any call.
    public func cooperativeTimeLimit(_ limit: Duration) -> Self {
        var copy = self
        copy.cooperativeTimeLimit = limit
        return copy
    }

    /// Sets the context given to each instance (a manual clock, a parallelism, a partitioner).
    public func context(_ make: @escaping () -> ProcessorContext) -> Self {
        var copy = self
        copy.makeContext = make
        return copy
    }

    /// Runs every mode and checks that output ordinal `ordinal` carries exactly `expected` items in this order
    /// (watermarks are not compared).
    public func expectOutput(_ expected: [P.Output], ordinal: Int = 0) throws where P.Output: Equatable {
        try expect(ordinal: ordinal, describing: "\(expected)") { events in
            events.compactMap(\.item) == expected
        }
    }

    /// Runs every mode and checks that output ordinal `ordinal` carries exactly `expected`, items and watermarks.
    public func expectOutput(events expected: [TestEvent<P.Output>], ordinal: Int = 0) throws
    where P.Output: Equatable {
        try expect(ordinal: ordinal, describing: "\(expected)") { $0 == expected }
    }

    /// Runs every mode and hands the output of every ordinal of each run to `check`, which throws to fail.
    public func verify(_ check: (_ outputs: [[TestEvent<P.Output>]]) throws -> Void) throws {
        for mode in modes {
            let outputs = try run(mode)
            do {
                try check(outputs)
            } catch {
                throw ProcessorVerificationError("\(mode): \(error)")
            }
        }
    }

    /// Runs once with the whole input in one inbox and no snapshots, and returns the output of every ordinal.
    public func run() throws -> [[TestEvent<P.Output>]] {
        try run(Mode(snapshots: false, batchSize: Int.max))
    }

    private func expect(
        ordinal: Int, describing expected: String, _ matches: ([TestEvent<P.Output>]) -> Bool
    ) throws {
        for mode in modes {
            let outputs = try run(mode)
            guard matches(outputs[ordinal]) else {
                throw ProcessorVerificationError(
                    "\(mode): output ordinal \(ordinal) was \(outputs[ordinal]), expected \(expected)")
            }
        }
    }

    // MARK: - Running

    struct Mode: CustomStringConvertible {
        let snapshots: Bool
        let batchSize: Int

        var description: String {
            (batchSize == 1 ? "inbox of one item" : "whole input in one inbox")
                + (snapshots ? ", snapshot and restore after every call" : ", no snapshots")
        }
    }

    private var modes: [Mode] {
        [Mode(snapshots: false, batchSize: .max), Mode(snapshots: false, batchSize: 1)]
            + (snapshots ? [Mode(snapshots: true, batchSize: .max), Mode(snapshots: true, batchSize: 1)] : [])
    }

    private func run(_ mode: Mode) throws -> [[TestEvent<P.Output>]] {
        var run = try ProcessorRun(
            factory: factory, context: makeContext(), outputOrdinalCount: outputOrdinalCount, mode: mode,
            callLimit: callLimit, cooperativeTimeLimit: cooperativeTimeLimit)
        var index = 0
        while index < events.count {
            let (ordinal, event) = events[index]
            switch event {
            case .watermark(let time):
                try run.repeatUntilDone("tryProcess(watermark:)") { processor, outbox in
                    try processor.tryProcess(watermark: Watermark(time), outbox: outbox)
                }
                index += 1
            case .item:
                var batch: [P.Input] = []
                while index < events.count, batch.count < mode.batchSize, events[index].ordinal == ordinal,
                    case .item(let item) = events[index].event
                {
                    batch.append(item)
                    index += 1
                }
                try run.process(batch, ordinal: ordinal)
            }
        }
        for ordinal in 0..<inputOrdinalCount {
            try run.repeatUntilDone("completeEdge(ordinal: \(ordinal))") { processor, outbox in
                try processor.completeEdge(ordinal: ordinal, outbox: outbox)
            }
        }
        try run.repeatUntilDone("complete()", snapshots: true) { processor, outbox in
            try processor.complete(outbox: outbox)
        }
        try run.close()
        return run.outputs
    }
}

/// Verifies processors made by `factory`; see ``ProcessorVerifier``.
public func verifyProcessor<P: Processor>(_ factory: @escaping () throws -> P) -> ProcessorVerifier<P> {
    ProcessorVerifier(factory)
}
