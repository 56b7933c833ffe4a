/// Drives one processor instance: feeds it its input queues batch by batch, coalesces watermarks, aligns
/// snapshot barriers, runs its completion, and publishes its outbox once per call (Jet's `ProcessorTasklet`).
///
/// Generic over the processor type but called through the ``Tasklet`` existential: its own code runs once per
/// call, and the per-item work happens in the specialized ``ProcessorEntryPoints`` and in the processor.
final class ProcessorTasklet<P: Processor>: Tasklet, @unchecked Sendable {
    // Thread safety: a tasklet is built on the thread starting the job, then handed to one worker (under that
    // worker's lock), which alone calls it from then on.

    private enum Phase {
        case initializing, restoring, finishingRestore, processing, completing, emittingDone, done
    }

    private enum SnapshotStep {
        case saving(SnapshotBarrier), emittingBarrier(SnapshotBarrier), preparing(SnapshotBarrier)
    }

    let isCooperative: Bool
    let name: String

    private var processor: P
    private let entryPoints: ProcessorEntryPoints<P>
    private let context: ProcessorContext
    private let outbox: Outbox<P.Output>
    private let snapshotOutbox = SnapshotOutbox(limit: 4096)
    private let job: JobExecution
    private let metrics: TaskletMetrics
    private let index: Int
    private let outboxLimit: Int
    let inboundQueues: [ObjectIdentifier]
    let outboundQueues: [ObjectIdentifier]
    /// Where this tasklet and the tasklets it emits to run; set before the first call.
    private var placedHome: TaskletHome?
    private var downstream: [TaskletHome] = []

    private var phase = Phase.initializing
    private var inputs: [TaskletInput]
    private let queueOwners: [AnyObject]
    private var openQueuesOfOrdinal: [Int]
    private let priorityOfOrdinal: [Int]
    private var activePriority: Int
    /// Some input with a higher priority value than ``activePriority`` is still open (not read yet). Barriers
    /// then do not hold an input back: the snapshot waits until the waiting inputs deliver their barrier.
    private var laterPrioritiesOpen: Bool
    private var openQueues: Int
    private var cursor = 0
    private var coalescer: WatermarkCoalescer
    private var pendingWatermark: Watermark?
    private var pendingEdgeCompletions: [Int] = []
    private var restoreBuffer: InboxBuffer<SnapshotEntry>?

    private var snapshotStep: SnapshotStep?
    private var alignedBarrier: SnapshotBarrier?
    private var lastSavedSnapshot: Int64 = 0
    private var lastFinishedCommit: Int64 = 0
    /// A terminal snapshot this instance saved: it does nothing more until the job decides on it.
    private var terminalSnapshot: Int64?
    private var finishing = false

    init(processor: P, entryPoints: ProcessorEntryPoints<P>, wiring: TaskletWiring) {
        self.processor = processor
        self.entryPoints = entryPoints
        self.context = wiring.context
        self.job = wiring.job
        self.metrics = wiring.metrics
        self.index = wiring.taskletIndex
        self.outboxLimit = wiring.outboxLimit
        self.isCooperative = processor.isCooperative
        self.name = "\(wiring.context.vertexName)#\(wiring.context.instance)"
        // The edges were built for this vertex's item types: the casts cannot fail.
        let collectors = wiring.outputs.map { $0 as! OutboundCollector<P.Output> }
        self.outbox = Outbox(collectors: collectors)
        self.outboundQueues = collectors.flatMap { $0.queues.map(ObjectIdentifier.init) }
        var inputs: [TaskletInput] = []
        var owners: [AnyObject] = []
        let ordinalCount = (wiring.inputs.map(\.ordinal).max() ?? -1) + 1
        var openQueuesOfOrdinal = Array(repeating: 0, count: ordinalCount)
        var priorityOfOrdinal = Array(repeating: 0, count: ordinalCount)
        for input in wiring.inputs {
            let queues = (input.queues as! EdgeQueues<P.Input>).inbound(consumer: wiring.context.instance)
            inputs += queues.map { TaskletInput(queue: Unmanaged.passUnretained($0 as AnyObject), ordinal: input.ordinal) }
            owners += queues as [AnyObject]
            openQueuesOfOrdinal[input.ordinal] = queues.count
            priorityOfOrdinal[input.ordinal] = input.priority
        }
        self.inputs = inputs
        self.queueOwners = owners
        self.inboundQueues = owners.map(ObjectIdentifier.init)
        self.openQueuesOfOrdinal = openQueuesOfOrdinal
        self.priorityOfOrdinal = priorityOfOrdinal
        self.openQueues = inputs.count
        self.activePriority = priorityOfOrdinal.min() ?? 0
        self.laterPrioritiesOpen = Set(priorityOfOrdinal).count > 1
        self.coalescer = WatermarkCoalescer(queueCount: inputs.count)
        if !wiring.restoreEntries.isEmpty {
            restoreBuffer = InboxBuffer(wiring.restoreEntries)
        }
        // Ordinals with no queue at all (a producer of parallelism 0 cannot exist, but be safe) are complete.
        for ordinal in 0..<ordinalCount where openQueuesOfOrdinal[ordinal] == 0 {
            pendingEdgeCompletions.append(ordinal)
        }
    }

    // MARK: - Tasklet

    func call() -> ProgressState {
        if phase == .done { return .wasAlreadyDone }
        // For ProcessorWakeup.current, asked by the processor (a Kafka source's poller wakes its tasklet).
        placedHome?.makeCurrent()
        if job.isCancelled {
            finish()
            return .done
        }
        let start = monotonicNanoseconds()
        outbox.beginCall(limit: outboxLimit)
        var progress = false
        var itemsIn = 0
        do {
            try step(progress: &progress, itemsIn: &itemsIn)
        } catch {
            outbox.publish()
            context.logger.error("processor failed, failing the job: \(error)")
            job.fail(
                EngineError(
                    .processorFailed, "processor \(P.self) threw \(error)", vertex: context.vertexName,
                    instance: context.instance, underlying: error))
            finish()
            return .done
        }
        let itemsOut = outboxLimit &- outbox.budget
        outbox.publish()
        if itemsIn > 0 || itemsOut > 0 { progress = true }
        if progress {
            metrics.record(
                itemsIn: itemsIn, itemsOut: itemsOut, busyNanoseconds: Int(monotonicNanoseconds() &- start))
            // What it published (items, watermarks, barriers, completion) is for the tasklets downstream.
            for wakeup in downstream { wakeup.ring() }
        }
        if phase == .done {
            finish()
            return .done
        }
        return progress ? .madeProgress : .noProgress
    }

    func place(at home: TaskletHome, wakingAfterOutput downstream: [TaskletHome]) {
        placedHome = home
        self.downstream = downstream
    }

    var home: TaskletHome {
        guard let placedHome else { preconditionFailure("tasklet \(name) has not been placed") }
        return placedHome
    }

    var busyNanoseconds: Int { metrics.busyNanoseconds }

    private func finish() {
        guard !finishing else { return }
        finishing = true
        phase = .done
        do {
            try processor.close()
        } catch {
            context.logger.error("closing the processor failed: \(error)")
        }
        job.taskletFinished(index: index)
    }

    // MARK: - Steps

    private func step(progress: inout Bool, itemsIn: inout Int) throws {
        guard try finishCommitIfDecided(progress: &progress) else { return }
        if let terminal = terminalSnapshot {
            let decision = job.commitFinish
            guard decision.snapshotID >= terminal else { return }
            if decision.snapshotID == terminal && decision.success {
                // Stopped with a snapshot: end without completing, so a restored job resumes from here.
                phase = .done
                progress = true
                return
            }
            terminalSnapshot = nil
        }
        if snapshotStep != nil {
            guard try continueSnapshot(progress: &progress) else { return }
        }
        switch phase {
        case .initializing:
            try processor.initialize(context: context)
            phase = restoreBuffer == nil ? .processing : .restoring
            progress = true
        case .restoring:
            let before = restoreBuffer!.count
            try restoreBuffer!.withInbox { try processor.restoreFromSnapshot(&$0) }
            guard restoreBuffer!.count < before else {
                throw EngineError(
                    .snapshotRestoreFailed, "restoreFromSnapshot took none of the \(before) entries it was given",
                    vertex: context.vertexName, instance: context.instance)
            }
            progress = true
            if restoreBuffer!.isEmpty {
                restoreBuffer = nil
                phase = .finishingRestore
            }
        case .finishingRestore:
            if try processor.finishSnapshotRestore() {
                phase = .processing
                progress = true
            }
        case .processing:
            try processInputs(progress: &progress, itemsIn: &itemsIn)
        case .completing:
            if inputs.isEmpty, try startSnapshotIfRequested(progress: &progress) == false { return }
            if try entryPoints.complete(&processor, outbox) {
                phase = .emittingDone
                progress = true
            }
        case .emittingDone:
            if outbox.offerControl(.done) {
                phase = .done
                progress = true
            }
        case .done:
            break
        }
    }

    private func processInputs(progress: inout Bool, itemsIn: inout Int) throws {
        if let watermark = pendingWatermark {
            guard try processor.tryProcess(watermark: watermark, outbox: outbox) else { return }
            pendingWatermark = nil
            progress = true
        }
        while let ordinal = pendingEdgeCompletions.first {
            guard try processor.completeEdge(ordinal: ordinal, outbox: outbox) else { return }
            pendingEdgeCompletions.removeFirst()
            progress = true
        }
        guard openQueues > 0 else {
            phase = .completing
            progress = true
            return
        }
        let count = inputs.count
        for _ in 0..<count {
            let i = cursor
            let input = inputs[i]
            if input.isDone || input.barrierArrived && job.guarantee == .exactlyOnce && !laterPrioritiesOpen
                || priorityOfOrdinal[input.ordinal] > activePriority
            {
                cursor = i &+ 1 == count ? 0 : i &+ 1
                continue
            }
            switch try entryPoints.processQueue(&processor, input.ordinal, input.queue, outbox) {
            case .empty:
                cursor = i &+ 1 == count ? 0 : i &+ 1
            case .processed(let consumed, let available):
                itemsIn &+= consumed
                // Leftovers are offered first on the next call; otherwise move on to the next queue.
                if consumed == available { cursor = i &+ 1 == count ? 0 : i &+ 1 }
                return
            case .control(let control):
                handle(control, fromQueue: i)
                progress = true
                return
            }
        }
        // No input waiting: time-driven work (its output, if any, counts as progress).
        _ = try processor.tryProcess(outbox: outbox)
    }

    private func handle(_ control: ControlItem, fromQueue i: Int) {
        switch control {
        case .watermark(let watermark):
            if let coalesced = coalescer.observe(watermark, fromQueue: i) { pendingWatermark = coalesced }
        case .done:
            inputs[i].isDone = true
            openQueues -= 1
            let ordinal = inputs[i].ordinal
            openQueuesOfOrdinal[ordinal] -= 1
            if openQueuesOfOrdinal[ordinal] == 0 {
                pendingEdgeCompletions.append(ordinal)
                let openPriorities = zip(priorityOfOrdinal, openQueuesOfOrdinal).filter { $0.1 > 0 }.map(\.0)
                activePriority = openPriorities.min() ?? activePriority
                laterPrioritiesOpen = Set(openPriorities).count > 1
            }
            if let coalesced = coalescer.markDone(queue: i) { pendingWatermark = coalesced }
            checkBarrierAlignment()
        case .barrier(let barrier):
            if job.guarantee == .none {
                // Snapshots without a guarantee are not aligned: save on the first barrier seen.
                if barrier.snapshotID > lastSavedSnapshot && alignedBarrier == nil {
                    alignedBarrier = barrier
                    snapshotStep = .saving(barrier)
                }
                return
            }
            alignedBarrier = barrier
            inputs[i].barrierArrived = true
            checkBarrierAlignment()
        }
    }

    /// Starts saving once the current barrier has arrived on every open input queue.
    private func checkBarrierAlignment() {
        guard let barrier = alignedBarrier, snapshotStep == nil, barrier.snapshotID > lastSavedSnapshot else { return }
        guard inputs.allSatisfy({ $0.barrierArrived || $0.isDone }) else { return }
        snapshotStep = .saving(barrier)
    }

    // MARK: - Snapshots

    /// A source starts a requested snapshot itself; returns `false` while it is in progress.
    private func startSnapshotIfRequested(progress: inout Bool) throws -> Bool {
        let requested = job.requestedSnapshot
        guard requested.snapshotID > lastSavedSnapshot else { return true }
        snapshotStep = .saving(SnapshotBarrier(snapshotID: requested.snapshotID, isTerminal: requested.isTerminal))
        progress = true
        return try continueSnapshot(progress: &progress)
    }

    /// Advances the snapshot in progress; returns `true` once it is over.
    private func continueSnapshot(progress: inout Bool) throws -> Bool {
        while let step = snapshotStep {
            switch step {
            case .saving(let barrier):
                let saved = try processor.saveToSnapshot(into: snapshotOutbox, outbox: outbox)
                let entries = snapshotOutbox.drain()
                if !entries.isEmpty {
                    job.snapshotSink?.write(
                        snapshotID: barrier.snapshotID, vertex: context.vertexName, instance: context.instance,
                        entries: entries)
                    progress = true
                }
                guard saved else { return false }
                snapshotStep = .emittingBarrier(barrier)
            case .emittingBarrier(let barrier):
                guard outbox.offerControl(.barrier(barrier)) else { return false }
                snapshotStep = .preparing(barrier)
            case .preparing(let barrier):
                guard try processor.snapshotCommitPrepare() else { return false }
                snapshotStep = nil
                alignedBarrier = nil
                lastSavedSnapshot = barrier.snapshotID
                if barrier.isTerminal { terminalSnapshot = barrier.snapshotID }
                for i in inputs.indices { inputs[i].barrierArrived = false }
                job.taskletSaved(index: index, snapshotID: barrier.snapshotID)
                progress = true
            }
        }
        return true
    }

    /// Runs the second commit phase once the job has decided on a snapshot this instance saved; returns `false`
    /// while it is not finished.
    private func finishCommitIfDecided(progress: inout Bool) throws -> Bool {
        let decision = job.commitFinish
        guard decision.snapshotID > lastFinishedCommit, decision.snapshotID <= lastSavedSnapshot else { return true }
        guard try processor.snapshotCommitFinish(success: decision.success) else { return false }
        lastFinishedCommit = decision.snapshotID
        progress = true
        return true
    }
}

/// Makes processor instance `wiring.context.instance` with `factory` and the tasklet driving it.
@usableFromInline
func makeProcessorTasklet<P: Processor>(
    wiring: TaskletWiring, factory: (ProcessorContext) throws -> P, entryPoints: ProcessorEntryPoints<P>
) throws -> AnyObject {
    ProcessorTasklet(processor: try factory(wiring.context), entryPoints: entryPoints, wiring: wiring)
}

/// One input queue of a processor tasklet. At file scope, not nested in the generic tasklet: a nested type is
/// generic too, and looking its metadata up cost a run-time cache search on every call. The typed queue is only
/// touched by the specialized ``ProcessorEntryPoints/processQueue``.
private struct TaskletInput {
    /// An `SPSCQueue<P.Input>`, kept alive by the tasklet's `queueOwners`.
    let queue: Unmanaged<AnyObject>
    let ordinal: Int
    var isDone = false
    /// The current barrier arrived on this queue (exactly-once: nothing more is read from it until saved).
    var barrierArrived = false
}
