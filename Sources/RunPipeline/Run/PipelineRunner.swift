import Foundation
import Logging
import Slipstream
import SlipstreamPipelines
import SlipstreamSnapshot

/// Runs one registered pipeline for `run-pipeline run`: opens the snapshot store, restores the latest complete
/// snapshot, starts the job with a ``SnapshotCoordinator``, and stops it gracefully on a signal.
struct PipelineRunner {
    let registered: RegisteredPipeline
    let settings: RunSettings
    let logger: Logger
    /// The metrics endpoint, started by the command before the job.
    var telemetry: RunTelemetry?

    enum Outcome {
        case success
        /// The reason, in one line.
        case failure(String)
    }

    private enum Event: Sendable {
        case signal(Int32)
        case jobEnded
    }

    func run(until trap: SignalTrap) async -> Outcome {
        let telemetry = self.telemetry ?? RunTelemetry()
        SnapshotOnSignal.ignoreUntilReady()
        let pipeline: Pipeline
        do {
            pipeline = try registered.make(
                PipelineSettings(settings.pipelineSettings, learningMode: settings.learningMode))
        } catch {
            return .failure("pipeline '\(registered.name)' cannot be built: \(error)")
        }
        var store: (any SnapshotStore)?
        var restoredState: [String: [SnapshotEntry]] = [:]
        var resumedFrom = "started fresh"
        if let location = SnapshotLocation(settings) {
            switch await RestorePoint.open(location, settings: settings, pipelineName: registered.name) {
            case .success(let point):
                store = point.store
                restoredState = point.restoredState
                resumedFrom = point.summary
            case .failure(let failure):
                return .failure(failure.description)
            }
        }
        var configuration = PipelineConfiguration(
            kafka: KafkaConnection(bootstrapServers: settings.brokers), cooperativeThreads: settings.threads)
        configuration.job.name = registered.name
        configuration.job.processingGuarantee = settings.guarantee
        configuration.job.restoredState = restoredState
        configuration.job.logger = logger
        configuration.logger = logger
        if let store {
            configuration.job.snapshotSink = RunSnapshotSink(
                store: store, jobName: registered.name, guarantee: settings.guarantee)
        }
        let job: Job
        do {
            job = try pipeline.start(configuration)
        } catch {
            await store?.close()
            return .failure("pipeline '\(registered.name)' cannot start: \(error)")
        }
        let snapshots = SnapshotLocation(settings).map { location in
            "snapshots \(settings.snapshotInterval.map { "every \(SnapshotText.duration($0))" } ?? "on stop only") into \(location)"
        } ?? "no snapshots"
        logger.info(
            "\(registered.name) running on \(settings.brokers): \(resumedFrom); \(settings.guarantee) guarantee, \(snapshots); scoring stages \(settings.learningMode)")
        let dag = try? pipeline.physicalPlan(configuration).dag
        let jobTelemetry = dag.map { telemetry.attach(job: job, dag: $0, pipeline: registered.name) }
        var progressTask: Task<Void, Never>?
        if let interval = settings.progressInterval, let dag, let jobTelemetry {
            let reporter = ProgressReporter(job: job, dag: dag, telemetry: jobTelemetry, logger: logger)
            progressTask = Task { await reporter.run(every: interval) }
        }
        defer { progressTask?.cancel() }
        let coordinator = SnapshotCoordinator(
            job: job, interval: store == nil ? nil : settings.snapshotInterval, logger: logger
        ) { [jobTelemetry] report in
            jobTelemetry?.record(report)
        }
        await coordinator.start()
        let onDemand = store == nil ? nil : SnapshotOnSignal(coordinator)
        defer { withExtendedLifetime(onDemand) {} }

        let first = FirstOf<Event>()
        Task { first.offer(.signal(await trap.wait())) }
        Task {
            try? await job.join()
            first.offer(.jobEnded)
        }
        let outcome: Outcome
        switch await first.value() {
        case .jobEnded:
            await coordinator.stopPeriodic()
            do {
                try await job.join()
                logger.info("\(registered.name) completed")
                outcome = .success
            } catch {
                outcome = .failure("\(registered.name) failed: \(error)")
            }
        case .signal(let number):
            logger.info("\(registered.name): signal \(number), taking the final snapshot and stopping")
            outcome = await stop(job, coordinator: coordinator, hasStore: store != nil)
        }
        await store?.close()
        return outcome
    }

    /// The graceful stop: the terminal snapshot, bounded by the stop timeout; cancels the job when it fails.
    private func stop(_ job: Job, coordinator: SnapshotCoordinator, hasStore: Bool) async -> Outcome {
        enum Ending: Sendable {
            case snapshot(SnapshotReport)
            case timedOut
            case forced(Int32)
        }
        let first = FirstOf<Ending>()
        let forced = ForcedStop { first.offer(.forced($0)) }
        defer { withExtendedLifetime(forced) {} }
        Task { first.offer(.snapshot(await coordinator.stopJob())) }
        let timeout = settings.stopTimeout
        Task {
            try? await Task.sleep(for: timeout)
            first.offer(.timedOut)
        }
        let report: SnapshotReport
        switch await first.value() {
        case .snapshot(let taken):
            report = taken
        case .timedOut:
            job.cancel()
            try? await job.join()
            return .failure(
                "the final snapshot did not complete within \(SnapshotText.duration(timeout)); the job was cancelled and the previous snapshot stays the restore point")
        case .forced(let number):
            job.cancel()
            try? await job.join()
            return .failure(
                "signal \(number) during the graceful stop: the job was cancelled without its final snapshot; the previous snapshot stays the restore point")
        }
        if let failure = report.failure {
            job.cancel()
            try? await job.join()
            return .failure("the final snapshot failed (\(failure)); the job was cancelled and the previous snapshot stays the restore point")
        }
        logger.info("\(registered.name) stopped\(hasStore ? " after final snapshot \(report.snapshotID ?? 0)" : "")")
        return .success
    }
}
