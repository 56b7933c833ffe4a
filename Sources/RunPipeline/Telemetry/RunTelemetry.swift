import Foundation
import Logging
import Slipstream
import SlipstreamTelemetry

/// The telemetry of `run-pipeline run`: the metrics endpoint (started before the job, so a port in use fails
/// the command at once) and, once the job runs, its ``JobTelemetry`` bound to the scoring stages' live learner
/// figures and to the consumer lag, and served on the endpoint.
final class RunTelemetry: Sendable {
    private let server: MetricsServer?
    private let lagProbe = LagProbeSlot()

    /// Telemetry without an endpoint: the job's telemetry still feeds the progress line.
    init(server: MetricsServer? = nil) {
        self.server = server
    }

    /// `sink` with the Kafka sources' saved positions read on the way through, for the consumer lag (asked of
    /// the cluster at `brokers`).
    func tappingPositions(of sink: any SnapshotSink, brokers: String, logger: Logger) -> any SnapshotSink {
        let probe = ConsumerLagProbe(brokers: brokers, logger: logger)
        lagProbe.set(probe)
        return SnapshotPositionsTap(inner: sink, probe: probe)
    }

    /// Starts the endpoint `settings` asks for (none when `nil`).
    ///
    /// - Throws: `MetricsServerError` when the address cannot be bound.
    static func start(_ settings: MetricsEndpointSettings?, logger: Logger) async throws -> RunTelemetry {
        guard let settings else { return RunTelemetry() }
        let server = try await MetricsServer.start(host: settings.host, port: settings.port)
        let shownHost = server.host.contains(":") ? "[\(server.host)]" : server.host
        logger.info("metrics on http://\(shownHost):\(server.port)/metrics (probes: /health, /ready)")
        return RunTelemetry(server: server)
    }

    /// The telemetry of `job` (whose graph is `dag`), pipeline `pipeline`: learner figures come from
    /// ``LearningMonitor``, the job counts as started (its restore point is applied when processors start), and
    /// the endpoint serves it.
    func attach(job: Job, dag: DAG, pipeline: String) -> JobTelemetry {
        let telemetry = JobTelemetry(job: job, dag: dag)
        telemetry.provideLearnerProgress {
            LearningMonitor.shared.figures(pipeline: pipeline).map(LearnerProgress.init)
        }
        if let probe = lagProbe.get() {
            telemetry.provideConsumerLag { probe.lag }
        }
        telemetry.markStarted()
        // Anything recorded through swift-metrics in this process (a pipeline's own counters) is exported too.
        telemetry.bootstrapMetricsSystem()
        server?.serve(telemetry)
        return telemetry
    }

    /// Stops the endpoint.
    func stop() async {
        await server?.shutdown()
    }
}

/// The lag probe of a run, set when the snapshot sink is built (before the job starts) and read when the job's
/// telemetry is attached.
private final class LagProbeSlot: @unchecked Sendable {
    // @unchecked: `probe` is guarded by `lock`.
    private let lock = NSLock()
    private var probe: ConsumerLagProbe?

    func set(_ probe: ConsumerLagProbe) {
        lock.withLock { self.probe = probe }
    }

    func get() -> ConsumerLagProbe? {
        lock.withLock { probe }
    }
}
