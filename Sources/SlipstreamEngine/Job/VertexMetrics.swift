/// The figures of one vertex (summed over its instances), read while the job runs or after it ends.
public struct VertexMetrics: Sendable, Hashable {
    /// The vertex's name.
    public let name: String
    /// The number of instances.
    public let parallelism: Int
    /// Items taken from input queues.
    public let itemsIn: Int
    /// Items accepted by the outbox (an item emitted to several ordinals counts once).
    public let itemsOut: Int
    /// Items waiting in the vertex's input queues now.
    public let queuedItems: Int
    /// The total capacity of the vertex's input queues.
    public let queueCapacity: Int
    /// The fullest any single input queue has been, as a count of items (at most that queue's capacity).
    public let peakQueueFill: Int
    /// Time spent in calls that made progress, summed over instances, in nanoseconds.
    public let busyNanoseconds: Int
    /// The processors' own counters (such as ``Counter/Name/lateEvents``), summed over instances.
    public let counters: [String: Int]
}

/// The figures of every vertex of a job, in DAG order, and of the workers running it.
public struct JobMetrics: Sendable, Hashable {
    /// One entry per vertex.
    public let vertices: [VertexMetrics]
    /// One entry per cooperative worker of the service running the job, while it balances its workers (empty
    /// otherwise, and once the workers have stopped).
    public var workers: [WorkerMetrics] = []
    /// Tasklets moved from one worker to another so far by the service running the job (of any job it runs).
    public var taskletMoves = 0

    /// The figures of the vertex called `name`.
    public subscript(vertex name: String) -> VertexMetrics? {
        vertices.first { $0.name == name }
    }
}

extension VertexMetrics {
    init(name: String, instances: [TaskletMetrics]) {
        var counters: [String: Int] = [:]
        for instance in instances {
            counters.merge(instance.counters.values, uniquingKeysWith: +)
        }
        let queues = instances.flatMap(\.inboundQueues)
        self.init(
            name: name,
            parallelism: instances.count,
            itemsIn: instances.reduce(0) { $0 + $1.itemsIn },
            itemsOut: instances.reduce(0) { $0 + $1.itemsOut },
            queuedItems: queues.reduce(0) { $0 + $1.fill },
            queueCapacity: queues.reduce(0) { $0 + $1.capacity },
            peakQueueFill: queues.map(\.peakFill).max() ?? 0,
            busyNanoseconds: instances.reduce(0) { $0 + $1.busyNanoseconds },
            counters: counters)
    }
}
