/// The figures of one cooperative worker thread of the ``ExecutionService`` running a job, as its load balancing
/// sees them (see ``ExecutionService``): how busy its tasklets kept it.
public struct WorkerMetrics: Sendable, Hashable {
    /// The worker's position among the service's workers.
    public let worker: Int
    /// The share of one core its tasklets kept it busy over its last measurement period (50 ms), 0 to about 1.
    public let load: Double
}
