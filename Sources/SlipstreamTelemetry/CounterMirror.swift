import Prometheus

/// Keeps a Prometheus counter equal to a running total read from elsewhere (the engine's per-vertex figures):
/// each update adds what the total grew by since the last one, so the exported counter only ever increases.
struct CounterMirror {
    let counter: Prometheus.Counter
    private var last: Double = 0

    init(_ counter: Prometheus.Counter) {
        self.counter = counter
    }

    mutating func update(to total: Double) {
        if total > last { counter.increment(by: total - last) }
        last = max(last, total)
    }

    mutating func update(to total: Int) {
        if Double(total) > last { counter.increment(by: Int64(Double(total) - last)) }
        last = max(last, Double(total))
    }
}
