import Foundation

/// A running DAG: start it, watch its metrics, wait for it, cancel it, snapshot it.
///
/// A job *completes* when every processor has completed, which happens when all its sources are bounded and
/// have ended and everything they emitted has been processed. It *fails* when a processor throws: the job stops
/// every processor and ``join()`` throws an ``EngineError`` naming the vertex, with the processor's error as
/// ``EngineError/underlying``. It is *cancelled* by ``cancel()``, which works whatever the processors are doing,
/// including waiting on a full queue (cooperative processors never block, so every tasklet sees the request on
/// its next call).
public final class Job: Sendable {
    let execution: JobExecution

    init(execution: JobExecution) {
        self.execution = execution
    }

    /// Starts `dag` on a private ``ExecutionService`` with `cooperativeThreadCount` worker threads (default:
    /// one per core), whose threads end with the job; they move tasklets between them to even out their load
    /// unless `balancesWorkers` is `false`.
    public static func start(
        _ dag: DAG, config: JobConfig = JobConfig(),
        cooperativeThreadCount: Int = ProcessInfo.processInfo.activeProcessorCount, balancesWorkers: Bool = true
    ) throws -> Job {
        let service = ExecutionService(cooperativeThreadCount: cooperativeThreadCount, balancesWorkers: balancesWorkers)
        do {
            let job = try service.submit(dag, config: config)
            job.execution.onEnd { service.shutdown() }
            return job
        } catch {
            service.shutdown()
            throw error
        }
    }

    /// The job's name.
    public var name: String { execution.name }

    /// Where the job is now.
    public var status: JobStatus { execution.status }

    /// The figures of every vertex, now.
    public var metrics: JobMetrics { execution.metrics }

    /// Asks every processor to stop; the job then ends as ``JobStatus/cancelled`` (unless it had already ended).
    public func cancel() {
        execution.cancel()
    }

    /// Waits until the job has ended (completed, or stopped by ``stop()``).
    ///
    /// Cancelling the waiting task cancels the job.
    /// - Throws: ``EngineError``: ``EngineError/Code/processorFailed`` naming the vertex if a processor threw,
    ///   ``EngineError/Code/cancelled`` if the job was cancelled.
    public func join() async throws {
        await withTaskCancellationHandler {
            await execution.waitUntilEnded()
        } onCancel: {
            execution.cancel()
        }
        if let error = execution.outcome { throw error }
    }

    /// Blocks the calling thread until the job has ended (for command-line tools and tests outside async code).
    ///
    /// - Throws: like ``join()``.
    public func waitForCompletion() throws {
        execution.blockUntilEnded()
        if let error = execution.outcome { throw error }
    }

    /// Takes a snapshot: sources save their state and emit a barrier, every processor saves when the barrier
    /// reaches it (aligned as ``JobConfig/processingGuarantee`` says), then the ``JobConfig/snapshotSink`` commits
    /// it and every processor runs its second commit phase.
    ///
    /// - Returns: the snapshot's id.
    /// - Throws: ``EngineError/Code/snapshotFailed`` if a snapshot is already in flight, the job has ended, or the
    ///   sink's commit failed (processors are then told `success: false`).
    @discardableResult
    public func takeSnapshot() async throws -> Int64 {
        try await snapshot(terminal: false)
    }

    /// Stops the job gracefully: takes a terminal snapshot (sources emit nothing after their barrier), commits it,
    /// lets every processor run its second commit phase, then stops every processor without completing it, so
    /// that a job restoring the snapshot continues exactly where this one stopped. The job ends as
    /// ``JobStatus/stopped``.
    ///
    /// - Returns: the id of the terminal snapshot.
    /// - Throws: ``EngineError/Code/snapshotFailed`` if the snapshot could not be taken or committed (the job
    ///   then keeps running: cancel it if it must stop anyway), or if a processor failed in the second commit
    ///   phase (the job has then ended, failed).
    @discardableResult
    public func stop() async throws -> Int64 {
        let id = try await snapshot(terminal: true)
        await execution.waitUntilEnded()
        // The second commit phase runs after the snapshot is committed: a processor failing in it (a Kafka
        // transaction that would not commit) means the stop did not end cleanly.
        if let failure = execution.outcome, failure.code != .cancelled {
            throw EngineError(
                .snapshotFailed, "job '\(name)' failed after its terminal snapshot \(id): \(failure)", underlying: failure)
        }
        return id
    }

    private func snapshot(terminal: Bool) async throws -> Int64 {
        guard let id = execution.startSnapshot(terminal: terminal) else {
            throw EngineError(.snapshotFailed, "job '\(name)' has ended or is already taking a snapshot")
        }
        await execution.waitUntilSaved(snapshotID: id)
        if status.isTerminal || status == .cancelling {
            execution.finishSnapshot(id, success: false)
            throw EngineError(.snapshotFailed, "job '\(name)' ended during snapshot \(id)")
        }
        do {
            try await execution.snapshotSink?.commit(snapshotID: id)
        } catch {
            execution.finishSnapshot(id, success: false)
            throw EngineError(.snapshotFailed, "committing snapshot \(id) failed: \(error)", underlying: error)
        }
        execution.finishSnapshot(id, success: true)
        return id
    }
}
