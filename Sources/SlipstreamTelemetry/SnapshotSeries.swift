import Foundation
import Prometheus
import SlipstreamEngine

/// The Prometheus series of a job's snapshots: the last committed one (id, time, duration) and a count of
/// snapshots by outcome. Updated when the snapshot coordinator reports, not on scrape.
struct SnapshotSeries {
    private let lastID: Gauge
    private let lastTime: Gauge
    private let lastDuration: Gauge
    private let committed: Prometheus.Counter
    private let failed: Prometheus.Counter

    init(registry: PrometheusCollectorRegistry, job: String) {
        let labels = [("job", job)]
        lastID = registry.gauge(MetricName.snapshotLastID, labels: labels, help: "The id of the last committed snapshot.")
        lastTime = registry.gauge(MetricName.snapshotLastTime, labels: labels,
            help: "When the last snapshot was committed, in seconds since the Unix epoch.")
        lastDuration = registry.gauge(MetricName.snapshotLastDuration, labels: labels,
            help: "How long the last committed snapshot took from request to commit.")
        let help = "Snapshots finished, by outcome."
        committed = registry.counter(MetricName.snapshots, labels: labels + [("outcome", "committed")], help: help)
        failed = registry.counter(MetricName.snapshots, labels: labels + [("outcome", "failed")], help: help)
    }

    func record(_ report: SnapshotReport, at time: Date) {
        guard report.succeeded else {
            failed.increment()
            return
        }
        committed.increment()
        if let id = report.snapshotID { lastID.set(Double(id)) }
        lastTime.set(time.timeIntervalSince1970)
        let (seconds, attoseconds) = report.duration.components
        lastDuration.set(Double(seconds) + Double(attoseconds) / 1e18)
    }
}
