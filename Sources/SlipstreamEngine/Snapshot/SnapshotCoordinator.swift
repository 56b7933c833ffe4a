import Logging

/// Takes a running job's snapshots: every ``interval`` and on demand, one at a time, and the terminal snapshot
/// of a graceful stop; reports each one's duration and longest processing pause.
///
/// ```swift
/// let coordinator = SnapshotCoordinator(job: job, interval: .seconds(5), logger: logger)
/// coordinator.start()
/// …
/// try await coordinator.stopJob()   // on SIGTERM: final snapshot, then the job stops
/// ```
///
/// A failing commit (a full disk, a broker away) is logged and reported, and the coordinator keeps going: the
/// previous complete snapshot stays the restore point and the next interval tries again.
public actor SnapshotCoordinator {
    /// The job whose snapshots this coordinator takes.
    public nonisolated let job: Job
    /// The time between the end of one periodic snapshot and the start of the next, or `nil` for on-demand
    /// snapshots only.
    public nonisolated let interval: Duration?
    /// How often the pause probe samples the job's metrics during a snapshot. Default: 1 ms.
    public nonisolated let pauseSamplingPeriod: Duration
    private let logger: Logger
    private let onReport: @Sendable (SnapshotReport) -> Void
    private var periodic: Task<Void, Never>?
    /// The last snapshot requested; the next one waits for it (the engine takes one at a time).
    private var tail: Task<SnapshotReport, Never>?
    private var stopping = false
    /// Every report so far, oldest first.
    public private(set) var reports: [SnapshotReport] = []

    /// Creates a coordinator for `job`; nothing happens before ``start()`` or ``snapshotNow()``.
    ///
    /// - Parameters:
    ///   - interval: between periodic snapshots; `nil` for none. Must be positive.
    ///   - onReport: called after every snapshot, successful or not (for progress lines and metrics).
    public init(
        job: Job, interval: Duration?, pauseSamplingPeriod: Duration = .milliseconds(1),
        logger: Logger = Logger(label: "slipstream.snapshot"),
        onReport: @escaping @Sendable (SnapshotReport) -> Void = { _ in }
    ) {
        precondition(interval.map { $0 > .zero } ?? true, "the snapshot interval must be positive")
        self.job = job
        self.interval = interval
        self.pauseSamplingPeriod = pauseSamplingPeriod
        self.logger = logger
        self.onReport = onReport
    }

    /// Starts taking periodic snapshots (if there is an interval) until ``stopJob()``, ``stopPeriodic()`` or the
    /// job ends.
    public func start() {
        guard let interval, periodic == nil, !stopping else { return }
        periodic = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled else { return }
                if self.job.status.isTerminal { return }
                _ = await self.enqueue(.periodic)
            }
        }
    }

    /// Stops periodic snapshots; one in flight finishes.
    public func stopPeriodic() {
        periodic?.cancel()
        periodic = nil
    }

    /// Takes a snapshot now (after the one in flight, if any).
    public func snapshotNow() async -> SnapshotReport {
        await enqueue(.onDemand)
    }

    /// Stops the job gracefully: no more periodic snapshots, the one in flight finishes, then the terminal
    /// snapshot is taken and committed and the job stops (see ``Job/stop()``).
    ///
    /// - Returns: the terminal snapshot's report; when it failed the job is still running (cancel it if it must
    ///   end anyway).
    public func stopJob() async -> SnapshotReport {
        stopping = true
        stopPeriodic()
        return await enqueue(.terminal)
    }

    private func enqueue(_ trigger: SnapshotReport.Trigger) async -> SnapshotReport {
        let previous = tail
        let task = Task { [job, pauseSamplingPeriod] in
            _ = await previous?.value
            return await Self.take(trigger, of: job, pauseSamplingPeriod: pauseSamplingPeriod)
        }
        tail = task
        let report = await task.value
        record(report)
        return report
    }

    private func record(_ report: SnapshotReport) {
        reports.append(report)
        if report.succeeded {
            logger.info("\(report)", metadata: ["job": "\(job.name)"])
        } else {
            logger.error(
                "\(report); the previous complete snapshot stays the restore point", metadata: ["job": "\(job.name)"])
        }
        onReport(report)
    }

    private static func take(
        _ trigger: SnapshotReport.Trigger, of job: Job, pauseSamplingPeriod: Duration
    ) async -> SnapshotReport {
        let clock = ContinuousClock()
        let started = clock.now
        let probe = SnapshotPauseProbe(job: job, period: pauseSamplingPeriod)
        var id: Int64?
        var failure: (any Error)?
        do {
            id = trigger == .terminal ? try await job.stop() : try await job.takeSnapshot()
        } catch {
            failure = error
        }
        let duration = clock.now - started
        let pause = probe.stop()
        return SnapshotReport(trigger: trigger, snapshotID: id, duration: duration, pause: pause, failure: failure)
    }
}
