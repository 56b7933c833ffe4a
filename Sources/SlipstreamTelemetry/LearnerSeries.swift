import Prometheus

/// The Prometheus series of one learner, updated from its ``LearnerProgress`` at each collection. A figure's gauge
/// appears once the figure is known; should it become unknown again, the gauge reads NaN rather than a stale value.
struct LearnerSeries {
    private let registry: PrometheusCollectorRegistry
    private let labels: [(String, String)]
    private var examples: CounterMirror
    private var gauges: [String: Gauge] = [:]

    init(registry: PrometheusCollectorRegistry, job: String, stage: String, learner: String) {
        self.registry = registry
        labels = [("job", job), ("stage", stage), ("learner", learner)]
        examples = CounterMirror(
            registry.counter(MetricName.learnerExamples, labels: labels, help: "Labelled examples the learner learned from."))
    }

    mutating func update(from figures: LearnerProgress) {
        examples.update(to: figures.examples)
        set(MetricName.learnerLogLoss, figures.logLoss, help: "Progressive log loss over the whole stream.")
        set(MetricName.learnerAUC, figures.auc, help: "Progressive ROC AUC over the whole stream.")
        set(MetricName.learnerRollingAUC, figures.rollingAUC, help: "Progressive ROC AUC over the recent window.")
        set(MetricName.learnerAccuracy, figures.accuracy, help: "Progressive accuracy at the 0.5 threshold.")
    }

    private mutating func set(_ name: String, _ value: Double?, help: String) {
        if let gauge = gauges[name] {
            gauge.set(value ?? .nan)
        } else if let value {
            let gauge = registry.gauge(name, labels: labels, help: help)
            gauge.set(value)
            gauges[name] = gauge
        }
    }
}
