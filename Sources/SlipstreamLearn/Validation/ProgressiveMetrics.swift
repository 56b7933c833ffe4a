/// The progressive-validation metrics of one task, over the whole stream and over a recent window.
public struct ProgressiveMetrics: Codable, Sendable {
    /// What is predicted.
    public enum Task: String, Codable, Sendable {
        case binary, regression, multiclass
    }

    /// The task.
    public let task: Task
    /// Events scored.
    public private(set) var count = 0
    /// Classification: log loss (binary) or cross-entropy (multiclass).
    public private(set) var logLoss = LogLoss()
    /// Classification: accuracy.
    public private(set) var accuracy = Accuracy()
    /// Binary: precision / recall / F1 at 0.5.
    public private(set) var confusion = ConfusionMatrix()
    /// Binary: exact ROC AUC over the whole stream.
    public private(set) var auc = ROCAUC()
    /// Binary: exact ROC AUC over the recent window.
    public private(set) var recentAUC: RollingROCAUC
    /// Classification: log loss over the recent window; regression: absolute error over the recent window.
    public private(set) var recentLoss: RollingMean
    /// Regression: MAE.
    public private(set) var mae = MAE()
    /// Regression: RMSE.
    public private(set) var rmse = RMSE()
    /// Regression: R².
    public private(set) var r2 = R2()

    /// Creates empty metrics with a recent window of `window` events.
    public init(task: Task, window: Int = 10_000) {
        self.task = task
        self.recentAUC = RollingROCAUC(window: window)
        self.recentLoss = RollingMean(window: window)
    }

    /// Adds a prediction made before learning the event with target `target`.
    public mutating func update(_ p: Prediction, target: Double) {
        count += 1
        switch task {
        case .binary:
            let label = target > 0.5
            let loss = LogLoss.loss(probability: p.score, label: label)
            logLoss.add(loss: loss)
            recentLoss.update(loss)
            accuracy.update(probability: p.score, label: label)
            confusion.update(probability: p.score, label: label)
            auc.update(score: p.score, label: label)
            recentAUC.update(score: p.score, label: label)
        case .multiclass:
            let loss = LogLoss.loss(probability: p.targetProbability, label: true)
            logLoss.add(loss: loss)
            recentLoss.update(loss)
            accuracy.update(correct: p.score == target)
        case .regression:
            mae.update(prediction: p.score, target: target)
            rmse.update(prediction: p.score, target: target)
            r2.update(prediction: p.score, target: target)
            recentLoss.update(abs(p.score - target))
        }
    }

    /// The current values, named, in display order.
    public var summary: [(name: String, value: Double)] {
        switch task {
        case .binary:
            return [("logloss", logLoss.value), ("accuracy", accuracy.value), ("auc", auc.value),
                    ("precision", confusion.precision), ("recall", confusion.recall), ("f1", confusion.f1),
                    ("recent_logloss", recentLoss.value), ("recent_auc", recentAUC.value)]
        case .multiclass:
            return [("logloss", logLoss.value), ("accuracy", accuracy.value), ("recent_logloss", recentLoss.value)]
        case .regression:
            return [("mae", mae.value), ("rmse", rmse.value), ("r2", r2.value), ("recent_mae", recentLoss.value)]
        }
    }
}
