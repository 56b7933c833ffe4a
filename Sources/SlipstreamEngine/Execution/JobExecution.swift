import Atomics
import Foundation

/// The shared state of a running job: cancellation, failure, the count of live tasklets, snapshot accounting and
/// the metrics of every instance. Tasklets read the atomics once per call; everything else is under a lock and
/// off the hot path.
@usableFromInline
final class JobExecution: @unchecked Sendable {
    // Thread safety: atomics are read by tasklets; every other mutable member is guarded by `condition`.

    let name: String
    let guarantee: ProcessingGuarantee
    let snapshotSink: (any SnapshotSink)?

    private let cancelledFlag = ManagedAtomic<Bool>(false)
    /// The newest snapshot requested, `id << 1 | terminal`; sources start it when they see it.
    private let requestedSnapshotID = ManagedAtomic<Int64>(0)
    /// The newest snapshot whose second commit phase must run: `id << 1 | success`.
    private let commitDecision = ManagedAtomic<Int64>(0)

    private let condition = NSCondition()
    private var failure: EngineError?
    private var cancelRequested = false
    private var stoppedWithSnapshot = false
    private var liveTasklets = 0
    private var taskletCount = 0
    private var finishedTasklets = Set<Int>()
    private var ended = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var endHandlers: [@Sendable () -> Void] = []
    private var vertexMetrics: [(name: String, instances: [TaskletMetrics])] = []
    private var snapshotInFlight: (id: Int64, saved: Set<Int>, complete: Bool, waiter: CheckedContinuation<Void, Never>?)?
    private var lastSnapshotID: Int64 = 0
    /// The balancer of the service running the job, for its workers' figures.
    private var balancer: WorkerBalancer?

    init(name: String, guarantee: ProcessingGuarantee, snapshotSink: (any SnapshotSink)?) {
        self.name = name
        self.guarantee = guarantee
        self.snapshotSink = snapshotSink
    }

    /// Registers the tasklets and their metrics, before any runs.
    func register(taskletCount: Int, metrics: [(name: String, instances: [TaskletMetrics])]) {
        condition.lock()
        self.taskletCount = taskletCount
        self.liveTasklets = taskletCount
        self.vertexMetrics = metrics
        condition.unlock()
    }

    // MARK: - Read by tasklets on every call

    @inline(__always)
    var isCancelled: Bool { cancelledFlag.load(ordering: .relaxed) }

    /// The newest snapshot requested (id 0: none yet) and whether it is the terminal one.
    @inline(__always)
    var requestedSnapshot: (snapshotID: Int64, isTerminal: Bool) {
        let value = requestedSnapshotID.load(ordering: .relaxed)
        return (value >> 1, value & 1 == 1)
    }

    /// The newest commit decision: the snapshot id and whether it succeeded (id 0: none yet).
    @inline(__always)
    var commitFinish: (snapshotID: Int64, success: Bool) {
        let value = commitDecision.load(ordering: .acquiring)
        return (value >> 1, value & 1 == 1)
    }

    // MARK: - Lifecycle

    /// Records the first failure and stops every tasklet.
    func fail(_ error: EngineError) {
        condition.lock()
        if failure == nil { failure = error }
        condition.unlock()
        cancelledFlag.store(true, ordering: .relaxed)
    }

    /// Asks every tasklet to stop.
    func cancel() {
        condition.lock()
        if !ended { cancelRequested = true }
        condition.unlock()
        cancelledFlag.store(true, ordering: .relaxed)
    }

    /// Called by each tasklet once, when it stops for any reason.
    func taskletFinished(index: Int) {
        condition.lock()
        finishedTasklets.insert(index)
        liveTasklets -= 1
        let snapshotDone = checkSnapshotCompleteLocked()
        guard liveTasklets == 0 else {
            condition.unlock()
            snapshotDone?.resume()
            return
        }
        ended = true
        let waiting = waiters
        waiters = []
        let handlers = endHandlers
        endHandlers = []
        condition.broadcast()
        condition.unlock()
        snapshotDone?.resume()
        for waiter in waiting { waiter.resume() }
        for handler in handlers { handler() }
    }

    /// Runs `handler` once the job has ended (at once if it has).
    func onEnd(_ handler: @escaping @Sendable () -> Void) {
        condition.lock()
        if ended {
            condition.unlock()
            handler()
        } else {
            endHandlers.append(handler)
            condition.unlock()
        }
    }

    var status: JobStatus {
        condition.lock()
        defer { condition.unlock() }
        if let failure { return ended ? .failed(failure.code) : .cancelling }
        if ended { return cancelRequested ? .cancelled : stoppedWithSnapshot ? .stopped : .completed }
        return cancelRequested ? .cancelling : .running
    }

    /// The error the job ended with, or `nil` if it completed.
    var outcome: EngineError? {
        condition.lock()
        defer { condition.unlock() }
        if let failure { return failure }
        if cancelRequested { return EngineError(.cancelled, "job '\(name)' was cancelled") }
        return nil
    }

    func waitUntilEnded() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            if ended {
                condition.unlock()
                continuation.resume()
            } else {
                waiters.append(continuation)
                condition.unlock()
            }
        }
    }

    func blockUntilEnded() {
        condition.lock()
        while !ended { condition.wait() }
        condition.unlock()
    }

    var metrics: JobMetrics {
        condition.lock()
        let vertices = vertexMetrics
        let balancer = self.balancer
        condition.unlock()
        var metrics = JobMetrics(vertices: vertices.map { VertexMetrics(name: $0.name, instances: $0.instances) })
        if let balancer {
            metrics.workers = balancer.workerMetrics
            metrics.taskletMoves = balancer.moveCount
        }
        return metrics
    }

    /// Reports the figures of `balancer`'s workers in ``metrics``.
    func reportWorkers(of balancer: WorkerBalancer) {
        condition.lock()
        self.balancer = balancer
        condition.unlock()
    }

    // MARK: - Snapshots

    /// Starts a snapshot at the sources; `nil` if the job has ended or a snapshot is already in flight. After a
    /// terminal snapshot, sources emit nothing more and every processor stops once the snapshot is committed.
    func startSnapshot(terminal: Bool) -> Int64? {
        condition.lock()
        guard !ended, snapshotInFlight == nil else {
            condition.unlock()
            return nil
        }
        lastSnapshotID += 1
        let id = lastSnapshotID
        snapshotInFlight = (id, [], false, nil)
        condition.unlock()
        requestedSnapshotID.store(id << 1 | (terminal ? 1 : 0), ordering: .relaxed)
        return id
    }

    /// Suspends until every tasklet has saved snapshot `id` (or stopped).
    func waitUntilSaved(snapshotID id: Int64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            if let inFlight = snapshotInFlight, inFlight.id == id, !inFlight.complete {
                snapshotInFlight!.waiter = continuation
                condition.unlock()
            } else {
                condition.unlock()
                continuation.resume()
            }
        }
    }

    /// Ends the in-flight snapshot and publishes the commit decision to every tasklet.
    func finishSnapshot(_ id: Int64, success: Bool) {
        condition.lock()
        if snapshotInFlight?.id == id { snapshotInFlight = nil }
        if success && requestedSnapshot.snapshotID == id && requestedSnapshot.isTerminal { stoppedWithSnapshot = true }
        condition.unlock()
        commitDecision.store(id << 1 | (success ? 1 : 0), ordering: .releasing)
    }

    /// Called by a tasklet when it has saved and prepared snapshot `id`.
    func taskletSaved(index: Int, snapshotID id: Int64) {
        condition.lock()
        guard snapshotInFlight?.id == id else {
            condition.unlock()
            return
        }
        snapshotInFlight!.saved.insert(index)
        let done = checkSnapshotCompleteLocked()
        condition.unlock()
        done?.resume()
    }

    private func checkSnapshotCompleteLocked() -> CheckedContinuation<Void, Never>? {
        guard let inFlight = snapshotInFlight, !inFlight.complete else { return nil }
        guard inFlight.saved.union(finishedTasklets).count == taskletCount else { return nil }
        snapshotInFlight!.complete = true
        snapshotInFlight!.waiter = nil
        return inFlight.waiter
    }
}
