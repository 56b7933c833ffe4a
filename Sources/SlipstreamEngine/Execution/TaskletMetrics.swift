import Atomics

/// The live figures of one processor instance; written by its thread once per call, read by anyone.
final class TaskletMetrics: Sendable {
    let vertex: String
    let instance: Int
    let counters: ProcessorCounters
    let inboundQueues: [any QueueGauge]
    private let itemsInStorage = ManagedAtomic<Int>(0)
    private let itemsOutStorage = ManagedAtomic<Int>(0)
    private let busyStorage = ManagedAtomic<Int>(0)

    init(vertex: String, instance: Int, counters: ProcessorCounters, inboundQueues: [any QueueGauge]) {
        self.vertex = vertex
        self.instance = instance
        self.counters = counters
        self.inboundQueues = inboundQueues
    }

    /// Adds the figures of one call. Only the tasklet's own thread calls this, so a load and a store suffice.
    func record(itemsIn: Int, itemsOut: Int, busyNanoseconds: Int) {
        if itemsIn != 0 {
            itemsInStorage.store(itemsInStorage.load(ordering: .relaxed) &+ itemsIn, ordering: .relaxed)
        }
        if itemsOut != 0 {
            itemsOutStorage.store(itemsOutStorage.load(ordering: .relaxed) &+ itemsOut, ordering: .relaxed)
        }
        busyStorage.store(busyStorage.load(ordering: .relaxed) &+ busyNanoseconds, ordering: .relaxed)
    }

    var itemsIn: Int { itemsInStorage.load(ordering: .relaxed) }
    var itemsOut: Int { itemsOutStorage.load(ordering: .relaxed) }
    var busyNanoseconds: Int { busyStorage.load(ordering: .relaxed) }
}
