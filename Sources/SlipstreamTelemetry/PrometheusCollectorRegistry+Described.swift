import Prometheus

extension PrometheusCollectorRegistry {
    /// The counter `name` (a full name from ``MetricName``) with `labels`, described by `help`.
    func counter(_ name: String, labels: [(String, String)], help: String) -> Prometheus.Counter {
        makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    /// The gauge `name` (a full name from ``MetricName``) with `labels`, described by `help`.
    func gauge(_ name: String, labels: [(String, String)], help: String) -> Gauge {
        makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }
}
