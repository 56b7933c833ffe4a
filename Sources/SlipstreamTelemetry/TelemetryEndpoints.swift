/// What the ``MetricsServer`` serves: the Prometheus exposition on `/metrics`, liveness on `/health` and
/// readiness on `/ready`. ``JobTelemetry`` is the implementation for a running job.
///
/// The server calls these on its event-loop thread for each request, so they must return quickly and never
/// block on I/O: collect from figures already in memory.
public protocol TelemetryEndpoints: Sendable {
    /// Every metric, in the Prometheus text exposition format (version 0.0.4).
    func exposition() -> [UInt8]
    /// Whether the process is alive and the job running.
    func health() -> ProbeResult
    /// Whether the job has started, restored its state and its sources are assigned: ready to be sent traffic.
    func readiness() -> ProbeResult
}
