/// Progressive validation (test-then-train): every event is first predicted by the model trained on the events
/// before it, scored, and then learnt. On a stream this is the honest estimate of live performance, and it uses
/// every event for both.
///
/// Feed events with `step`; `report` is called every `reportEvery` events with the metrics so far (a learning
/// curve).
public struct ProgressiveValidation<Learner: OnlineLearner> {
    /// The learner being validated.
    public private(set) var learner: Learner
    /// Metrics so far.
    public private(set) var metrics: ProgressiveMetrics
    /// Events between reports (0: never).
    public let reportEvery: Int
    private let report: (ProgressiveMetrics) -> Void

    /// Creates a runner.
    public init(learner: Learner, task: ProgressiveMetrics.Task, window: Int = 10_000, reportEvery: Int = 0,
                report: @escaping (ProgressiveMetrics) -> Void = { _ in }) {
        self.learner = learner
        self.metrics = ProgressiveMetrics(task: task, window: window)
        self.reportEvery = reportEvery
        self.report = report
    }

    /// Predicts, scores and learns one event; returns the prediction made before learning.
    @discardableResult
    public mutating func step(_ x: FeatureVector, target: Double) -> Prediction {
        let p = learner.predictThenLearn(x, target: target)
        metrics.update(p, target: target)
        if reportEvery > 0 && metrics.count % reportEvery == 0 { report(metrics) }
        return p
    }

    /// Runs over a sequence of (features, target) events.
    public mutating func run<S: Sequence>(_ events: S) where S.Element == (FeatureVector, Double) {
        for (x, y) in events { step(x, target: y) }
    }
}
