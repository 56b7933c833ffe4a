/// Read-only figures of a queue, for metrics, whatever its item type.
protocol QueueGauge: AnyObject, Sendable {
    /// Items waiting now.
    var fill: Int { get }
    /// The most items that can wait.
    var capacity: Int { get }
    /// The most items seen waiting so far.
    var peakFill: Int { get }
}

extension QueueCursors: QueueGauge {}

/// The queues of one edge, type-erased: what the job wiring passes around before the typed tasklets take them.
class AnyEdgeQueues: @unchecked Sendable {
    // Immutable after init; the queues it holds are handed to exactly one producer and one consumer each.
    let producers: Int
    let consumers: Int

    init(producers: Int, consumers: Int) {
        self.producers = producers
        self.consumers = consumers
    }

    /// The queues consumer instance `consumer` reads, as gauges.
    func gauges(consumer: Int) -> [any QueueGauge] { [] }
}

/// The queues of one edge: one per pair of producer and consumer instances that the routing connects.
final class EdgeQueues<Item>: AnyEdgeQueues, @unchecked Sendable {
    /// `matrix[producer][consumer]`, `nil` where the routing does not connect the pair.
    let matrix: [[SPSCQueue<Item>?]]

    init(producers: Int, consumers: Int, capacity: Int, style: RoutingStyle) {
        matrix = (0..<producers).map { producer in
            (0..<consumers).map { consumer in
                switch style {
                case .isolated: consumer == producer ? SPSCQueue(capacity: capacity) : nil
                case .allToOne: consumer == 0 ? SPSCQueue(capacity: capacity) : nil
                case .roundRobin, .partitioned, .broadcast: SPSCQueue(capacity: capacity)
                }
            }
        }
        super.init(producers: producers, consumers: consumers)
    }

    /// The queues `consumer` reads, one per connected producer, in producer order.
    func inbound(consumer: Int) -> [SPSCQueue<Item>] {
        matrix.compactMap { $0[consumer] }
    }

    /// The queues `producer` writes, one per connected consumer, in consumer order.
    func outbound(producer: Int) -> [SPSCQueue<Item>] {
        matrix[producer].compactMap { $0 }
    }

    override func gauges(consumer: Int) -> [any QueueGauge] {
        inbound(consumer: consumer)
    }
}
