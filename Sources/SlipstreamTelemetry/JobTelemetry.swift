import Foundation
import Prometheus
import SlipstreamEngine

/// The telemetry of one running job: turns the engine's per-vertex figures, the learners' live figures, the
/// consumer lag, the event-to-score latency and the snapshot reports into Prometheus series, and answers the
/// health and readiness probes. Serve it with a ``MetricsServer``.
///
/// Nothing here runs on the hot path. The engine's figures are read when Prometheus scrapes (``exposition()``)
/// or when ``collect()`` is called, learner figures and lag come from providers called at the same time, and
/// the only per-event cost is ``eventToScoreLatency``'s lock-free ``LatencyHistogram/record(nanoseconds:)``.
///
/// Other code can record its own metrics into the same registry through swift-metrics, using
/// ``metricsFactory`` (for example `MetricsSystem.bootstrap(telemetry.metricsFactory)` in a process that runs
/// one job).
public final class JobTelemetry: TelemetryEndpoints, Sendable {
    /// The registry every series lives in.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory over ``registry``.
    public let metricsFactory: PrometheusMetricsFactory
    /// Time from an event's creation to its score leaving the pipeline; whoever emits scores records here.
    public let eventToScoreLatency: LatencyHistogram

    private let job: Job
    private let sources: Set<String>
    private let sinks: Set<String>
    private let state: Locked<State>

    private struct State {
        var vertices: [String: VertexSeries] = [:]
        var learners: [String: LearnerSeries] = [:]
        var lagGauges: [String: Gauge] = [:]
        var workerLoads: [Int: Gauge] = [:]
        var taskletMoves: CounterMirror
        var eventsIn: CounterMirror
        var eventsOut: CounterMirror
        var running: Gauge
        var ready: Gauge
        var snapshots: SnapshotSeries
        var process: ProcessSeries
        var started = false
        var learnerProvider: (@Sendable () -> [LearnerProgress])?
        var lagProvider: (@Sendable () -> [TopicLag]?)?
        var readinessCheck: (@Sendable (JobMetrics) -> String?)?
        var lastSnapshot: (report: SnapshotReport, time: Date)?
    }

    /// Telemetry of `job`, whose graph is `dag` (its sources are the vertices without inputs, its sinks those
    /// without outputs), in `registry` (default: a registry of its own), exporting `eventToScoreLatency`
    /// (default: the process-wide ``LatencyHistogram/eventToScore``).
    public init(
        job: Job, dag: DAG, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        eventToScoreLatency: LatencyHistogram = .eventToScore
    ) {
        self.job = job
        self.eventToScoreLatency = eventToScoreLatency
        self.registry = registry
        metricsFactory = PrometheusMetricsFactory(registry: registry)
        sources = Set(dag.vertices.filter { $0.inputType == "\(Never.self)" }.map(\.name))
        sinks = Set(dag.vertices.filter { $0.outputType == "\(Never.self)" }.map(\.name))
        let labels = [("job", job.name)]
        state = Locked(
            State(
                taskletMoves: CounterMirror(
                    registry.counter(MetricName.taskletMoves, labels: labels,
                        help: "Tasklets moved from a busier worker thread to a less busy one.")),
                eventsIn: CounterMirror(
                    registry.counter(MetricName.eventsIn, labels: labels, help: "Events read by the job's sources.")),
                eventsOut: CounterMirror(
                    registry.counter(MetricName.eventsOut, labels: labels, help: "Events taken by the job's sinks.")),
                running: registry.gauge(MetricName.jobRunning, labels: labels, help: "1 while the job runs, 0 once it has ended."),
                ready: registry.gauge(MetricName.jobReady, labels: labels,
                    help: "1 once the job has started, restored its state and initialized every vertex."),
                snapshots: SnapshotSeries(registry: registry, job: job.name),
                process: ProcessSeries(registry: registry)))
    }

    /// The job's name, the `job` label of every series.
    public var jobName: String { job.name }

    // MARK: - What the runner tells

    /// Says the job has started from its restore point (state restored, or a fresh start): readiness now waits
    /// only for every vertex to have initialized.
    public func markStarted() {
        state.withLock { $0.started = true }
    }

    /// Records a finished snapshot (from the snapshot coordinator's report).
    public func record(_ report: SnapshotReport) {
        let now = Date()
        state.withLock {
            $0.snapshots.record(report, at: now)
            $0.lastSnapshot = (report, now)
        }
    }

    /// Where the learners' live figures come from; called at each collection, so it must return figures already
    /// in memory and never block.
    public func provideLearnerProgress(_ provider: @escaping @Sendable () -> [LearnerProgress]) {
        state.withLock { $0.learnerProvider = provider }
    }

    /// A further condition for `/ready`: returns why the job is not ready yet, or `nil` once it is. Called at
    /// each probe with the job's metrics, so it must not block.
    public func provideReadinessCheck(_ check: @escaping @Sendable (JobMetrics) -> String?) {
        state.withLock { $0.readinessCheck = check }
    }

    /// Where the consumer lag comes from: `nil` while unknown. Called at each collection, so it must return a
    /// figure kept up to date elsewhere (querying brokers here would hold the scrape up).
    public func provideConsumerLag(_ provider: @escaping @Sendable () -> [TopicLag]?) {
        state.withLock { $0.lagProvider = provider }
    }

    // MARK: - Reading

    /// The learners' figures now (empty when no provider is set).
    public func learnerProgress() -> [LearnerProgress] {
        state.withLock { $0.learnerProvider }?() ?? []
    }

    /// The consumer lag now, per topic, or `nil` when unknown.
    public func consumerLag() -> [TopicLag]? {
        state.withLock { $0.lagProvider }?()
    }

    /// The last snapshot reported, with when it was reported.
    public func lastSnapshot() -> (report: SnapshotReport, time: Date)? {
        state.withLock { $0.lastSnapshot }
    }

    // MARK: - Collecting

    /// Reads the job's figures and the providers into the registry's series.
    public func collect() {
        let metrics = job.metrics
        let status = job.status
        let (learnerProvider, lagProvider) = state.withLock { ($0.learnerProvider, $0.lagProvider) }
        let learners = learnerProvider?() ?? []
        let lag = lagProvider?()
        let ready = isReady(status: status, metrics: metrics).passed
        state.withLock { state in
            var read = 0
            var written = 0
            for vertex in metrics.vertices {
                if state.vertices[vertex.name] == nil {
                    state.vertices[vertex.name] = VertexSeries(registry: registry, job: job.name, vertex: vertex.name)
                }
                state.vertices[vertex.name]!.update(from: vertex)
                if sources.contains(vertex.name) { read += vertex.itemsOut }
                if sinks.contains(vertex.name) { written += vertex.itemsIn }
            }
            state.process.update()
            for worker in metrics.workers {
                if state.workerLoads[worker.worker] == nil {
                    state.workerLoads[worker.worker] = registry.gauge(
                        MetricName.workerLoad, labels: [("job", job.name), ("worker", String(worker.worker))],
                        help: "Share of one core a worker thread's tasklets kept it busy over its last 50 ms.")
                }
                state.workerLoads[worker.worker]!.set(worker.load)
            }
            state.taskletMoves.update(to: metrics.taskletMoves)
            state.eventsIn.update(to: read)
            state.eventsOut.update(to: written)
            state.running.set(status == .running ? 1.0 : 0.0)
            state.ready.set(ready ? 1.0 : 0.0)
            for figures in learners {
                let key = figures.stage + "\u{0}" + figures.name
                if state.learners[key] == nil {
                    state.learners[key] = LearnerSeries(
                        registry: registry, job: job.name, stage: figures.stage, learner: figures.name)
                }
                state.learners[key]!.update(from: figures)
            }
            for topicLag in lag ?? [] {
                if state.lagGauges[topicLag.topic] == nil {
                    state.lagGauges[topicLag.topic] = registry.gauge(MetricName.consumerLag, labels: [("job", job.name), ("topic", topicLag.topic)],
                        help: "Records in the source topic not read by the job yet, summed over its partitions.")
                }
                state.lagGauges[topicLag.topic]!.set(Double(topicLag.records))
            }
        }
    }

    // MARK: - Endpoints

    public func exposition() -> [UInt8] {
        collect()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        registry.emit(into: &buffer)
        LatencyExposition.write(
            eventToScoreLatency.read(), name: MetricName.eventToScoreLatency, labels: [("job", job.name)],
            help: "Time from an event's creation to its score leaving the pipeline.", into: &buffer)
        return buffer
    }

    public func health() -> ProbeResult {
        let status = job.status
        if status == .running { return ProbeResult(passed: true, detail: "ok: job \(job.name) is running") }
        return ProbeResult(passed: false, detail: "job \(job.name) is \(status)")
    }

    public func readiness() -> ProbeResult {
        isReady(status: job.status, metrics: job.metrics)
    }

    /// Ready: started by the runner, running, and every vertex has made its first calls (initialize, restore),
    /// after which the Kafka sources assign their partitions on their next call.
    private func isReady(status: JobStatus, metrics: JobMetrics) -> ProbeResult {
        guard status == .running else { return ProbeResult(passed: false, detail: "job \(job.name) is \(status)") }
        guard state.withLock({ $0.started }) else {
            return ProbeResult(passed: false, detail: "job \(job.name) is starting (restoring its state)")
        }
        let waiting = metrics.vertices.filter { $0.busyNanoseconds == 0 }.map(\.name)
        guard waiting.isEmpty else {
            return ProbeResult(
                passed: false, detail: "job \(job.name) is starting: waiting for \(waiting.joined(separator: ", "))")
        }
        if let reason = state.withLock({ $0.readinessCheck })?(metrics) {
            return ProbeResult(passed: false, detail: "job \(job.name) is starting: \(reason)")
        }
        return ProbeResult(passed: true, detail: "ready: job \(job.name) is running")
    }
}
