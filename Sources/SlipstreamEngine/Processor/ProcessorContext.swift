import Logging

/// What a processor instance knows about its place in the job, given to ``Processor/initialize(context:)``.
public struct ProcessorContext: Sendable {
    /// The name of the job.
    public let jobName: String
    /// The name of the vertex this instance belongs to.
    public let vertexName: String
    /// The index of this instance among the vertex's instances, from 0.
    public let instance: Int
    /// The number of instances of the vertex (its local parallelism).
    public let parallelism: Int
    /// The partitioner of the vertex's partitioned inputs (the default one when it has none).
    public let partitioner: Partitioner
    /// A logger labelled with the job and vertex.
    public let logger: Logger
    /// Counters the processor adds to; they appear in the vertex metrics.
    public let counters: ProcessorCounters
    /// The monotonic clock processors use for idle timeouts and periodic work (manual in test harnesses).
    public let clock: EngineClock

    /// Creates a context; the engine and test harnesses do this.
    public init(
        jobName: String, vertexName: String, instance: Int = 0, parallelism: Int = 1,
        partitioner: Partitioner = Partitioner(), logger: Logger? = nil, counters: ProcessorCounters = ProcessorCounters(),
        clock: EngineClock = .monotonic
    ) {
        self.jobName = jobName
        self.vertexName = vertexName
        self.instance = instance
        self.parallelism = parallelism
        self.partitioner = partitioner
        var logger = logger ?? Logger(label: "slipstream.engine")
        logger[metadataKey: "job"] = "\(jobName)"
        logger[metadataKey: "vertex"] = "\(vertexName)#\(instance)"
        self.logger = logger
        self.counters = counters
        self.clock = clock
    }

    /// The key partitions whose items a partitioned edge delivers to this instance.
    public var ownedPartitions: [Int] {
        partitioner.partitions(ownedBy: instance, instanceCount: parallelism)
    }
}
