import Foundation
import SlipstreamLearn

/// The learning curve `evaluate --curve FILE` writes: a checkpoint of the progressive metrics whenever the
/// ``CurveSchedule`` says so, and one at the end.
struct EvaluateCurve {
    private let writer: LearningCurveWriter
    private var schedule: CurveSchedule
    private let learner: String
    private let metrics: [LearningCurvePoint.Metric]
    private var lastWritten = -1

    init(path: String, every: Int?, learner: String, task: ProgressiveMetrics.Task) throws(LearningCurveError) {
        switch task {
        case .binary: metrics = [.logLoss, .auc, .rollingAUC, .accuracy]
        case .multiclass: metrics = [.logLoss, .accuracy]
        case .regression: metrics = [.mae, .rmse]
        }
        writer = try LearningCurveWriter(path: path, metrics: metrics)
        schedule = CurveSchedule(every: every)
        self.learner = learner
    }

    /// Writes a checkpoint when `examples` is one.
    mutating func step(examples: Int, metrics current: @autoclosure () -> ProgressiveMetrics) throws(LearningCurveError) {
        guard schedule.isDue(examples) else { return }
        try write(examples: examples, current())
    }

    /// Writes the last checkpoint (unless it was just written) and closes the file.
    mutating func finish(examples: Int, metrics current: ProgressiveMetrics) throws(LearningCurveError) {
        defer { writer.close() }
        if examples != lastWritten { try write(examples: examples, current) }
    }

    private mutating func write(examples: Int, _ m: ProgressiveMetrics) throws(LearningCurveError) {
        var values: [LearningCurvePoint.Metric: Double] = [:]
        for metric in metrics {
            let value: Double
            switch metric {
            case .logLoss: value = m.logLoss.value
            case .auc: value = m.auc.value
            case .rollingAUC: value = m.recentAUC.value
            case .accuracy: value = m.accuracy.value
            case .mae: value = m.mae.value
            case .rmse: value = m.rmse.value
            }
            if value.isFinite { values[metric] = value }
        }
        try writer.write(LearningCurvePoint(time: Date(), examples: examples, learner: learner, values: values))
        lastWritten = examples
    }
}
