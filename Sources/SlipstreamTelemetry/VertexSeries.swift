import Prometheus
import SlipstreamEngine

/// The Prometheus series of one vertex, updated from its ``VertexMetrics`` at each collection.
struct VertexSeries {
    private let registry: PrometheusCollectorRegistry
    private let labels: [(String, String)]
    private var itemsIn: CounterMirror
    private var itemsOut: CounterMirror
    private var busySeconds: CounterMirror
    private let queued: Gauge
    private let capacity: Gauge
    private let fill: Gauge
    private let parallelism: Gauge
    private var counters: [String: CounterMirror] = [:]

    init(registry: PrometheusCollectorRegistry, job: String, vertex: String) {
        self.registry = registry
        labels = [("job", job), ("vertex", vertex)]
        itemsIn = CounterMirror(
            registry.counter(MetricName.vertexItemsIn, labels: labels, help: "Items the vertex took from its input queues."))
        itemsOut = CounterMirror(
            registry.counter(MetricName.vertexItemsOut, labels: labels, help: "Items the vertex emitted."))
        busySeconds = CounterMirror(
            registry.counter(MetricName.vertexBusySeconds, labels: labels,
                help: "Time the vertex's instances spent in calls that made progress."))
        queued = registry.gauge(MetricName.vertexQueuedItems, labels: labels, help: "Items waiting in the vertex's input queues.")
        capacity = registry.gauge(MetricName.vertexQueueCapacity, labels: labels, help: "Total capacity of the vertex's input queues.")
        fill = registry.gauge(MetricName.vertexQueueFill, labels: labels,
            help: "Items waiting in the vertex's input queues over their capacity (0 to 1).")
        parallelism = registry.gauge(MetricName.vertexParallelism, labels: labels, help: "Instances of the vertex.")
    }

    mutating func update(from metrics: VertexMetrics) {
        itemsIn.update(to: metrics.itemsIn)
        itemsOut.update(to: metrics.itemsOut)
        busySeconds.update(to: Double(metrics.busyNanoseconds) / 1e9)
        queued.set(Int64(metrics.queuedItems))
        capacity.set(Int64(metrics.queueCapacity))
        fill.set(metrics.queueCapacity > 0 ? Double(metrics.queuedItems) / Double(metrics.queueCapacity) : 0)
        parallelism.set(Int64(metrics.parallelism))
        for (name, value) in metrics.counters {
            if counters[name] == nil {
                counters[name] = CounterMirror(
                    registry.counter(MetricName.vertexCounter, labels: labels + [("counter", name)],
                        help: "A processor's own named counter (late events, dead letters, delivery failures...)."))
            }
            counters[name]!.update(to: value)
        }
    }
}
