import Foundation
import Logging
import Slipstream
import SlipstreamTelemetry

/// The telemetry of `run-pipeline run`: the metrics endpoint and the learning-curve file (both opened before the
/// job, so a port in use or an unwritable file fails the command at once) and, once the job runs, its
/// ``JobTelemetry`` bound to the scoring stages' live learner figures and to the consumer lag, served on the
/// endpoint.
final class RunTelemetry: Sendable {
    private let server: MetricsServer?
    private let curve: RunCurveRecorder?
    private let curveInterval: Duration
    private let state = RunTelemetryState()

    /// Telemetry without an endpoint or a curve: the job's telemetry still feeds the progress line.
    init(server: MetricsServer? = nil, curve: RunCurveRecorder? = nil, curveInterval: Duration = .seconds(10)) {
        self.server = server
        self.curve = curve
        self.curveInterval = curveInterval
    }

    /// Starts the endpoint `settings` asks for (none when `nil`) and opens the learning-curve file `curvePath`
    /// (none when `nil`), written every `curveInterval`.
    ///
    /// - Throws: `MetricsServerError` when the address cannot be bound, ``LearningCurveError`` when the curve
    ///   file cannot be created.
    static func start(
        _ settings: MetricsEndpointSettings?, curvePath: String?, curveInterval: Duration, pipeline: String,
        logger: Logger
    ) async throws -> RunTelemetry {
        let curve = try curvePath.map { path throws(LearningCurveError) in
            try RunCurveRecorder(path: path, pipeline: pipeline, logger: logger)
        }
        guard let settings else { return RunTelemetry(curve: curve, curveInterval: curveInterval) }
        let server = try await MetricsServer.start(host: settings.host, port: settings.port)
        let shownHost = server.host.contains(":") ? "[\(server.host)]" : server.host
        logger.info("metrics on http://\(shownHost):\(server.port)/metrics (probes: /health, /ready)")
        return RunTelemetry(server: server, curve: curve, curveInterval: curveInterval)
    }

    /// The telemetry of `job` (whose graph is `dag`), pipeline `pipeline`: learner figures come from
    /// ``LearningMonitor``, the job counts as started (its restore point is applied when processors start), and
    /// the endpoint serves it.
    func attach(job: Job, dag: DAG, pipeline: String) -> JobTelemetry {
        let telemetry = JobTelemetry(job: job, dag: dag)
        telemetry.provideLearnerProgress {
            LearningMonitor.shared.figures(pipeline: pipeline).map(LearnerProgress.init)
        }
        // Live, from the Kafka sources' own counters; unknown (nil) until a source has fetched.
        telemetry.provideConsumerLag { [weak job] in
            guard let lag = job?.metrics.kafkaConsumerLag, !lag.isEmpty else { return nil }
            return lag.sorted { $0.key < $1.key }.map { TopicLag(topic: $0.key, records: Int64($0.value)) }
        }
        telemetry.provideReadinessCheck { metrics in
            let waiting = metrics.kafkaSourcesAwaitingAssignment
            return waiting.isEmpty ? nil : "Kafka partitions not assigned yet to \(waiting.joined(separator: ", "))"
        }
        telemetry.markStarted()
        // Anything recorded through swift-metrics in this process (a pipeline's own counters) is exported too.
        telemetry.bootstrapMetricsSystem()
        server?.serve(telemetry)
        if let curve {
            let interval = curveInterval
            let task = Task { await curve.run(every: interval) }
            state.withLock { $0.curveTask = task }
        }
        return telemetry
    }

    /// Writes the last learning-curve checkpoint and stops the endpoint.
    func stop() async {
        state.withLock { $0.curveTask }?.cancel()
        await curve?.finish()
        await server?.shutdown()
    }
}

/// What a ``RunTelemetry`` learns while the run starts: the task writing the learning curve.
private final class RunTelemetryState: @unchecked Sendable {
    // @unchecked: `value` is guarded by `lock`.
    struct Value {
        var curveTask: Task<Void, Never>?
    }

    private let lock = NSLock()
    private var value = Value()

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.withLock { body(&value) }
    }
}
