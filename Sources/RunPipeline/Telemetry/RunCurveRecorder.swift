import Foundation
import Logging
import Slipstream

/// `run-pipeline run --curve FILE`: the learning curve of a running pipeline, one checkpoint per learner of every
/// scoring stage at each interval (when it has judged new examples) and a last one when the run ends, in the
/// format `run-pipeline report` draws (see ``LearningCurvePoint``). The file is started afresh by each run.
///
/// The figures come from ``LearningMonitor``, which the scoring stages publish to about twice a second, so
/// nothing here touches the scoring path. `examples` is the number of examples a learner has learned from,
/// which a resumed run restores from its snapshot.
actor RunCurveRecorder {
    private let writer: LearningCurveWriter
    private let pipeline: String
    private let logger: Logger
    private var lastExamples: [String: Int64] = [:]
    private var failed = false

    init(path: String, pipeline: String, logger: Logger) throws(LearningCurveError) {
        writer = try LearningCurveWriter(path: path)
        self.pipeline = pipeline
        self.logger = logger
    }

    /// Writes checkpoints every `interval` until cancelled.
    func run(every interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { break }
            checkpoint()
        }
    }

    /// Writes the learners whose figures moved since their last checkpoint.
    func checkpoint() {
        guard !failed else { return }
        let figures = LearningMonitor.shared.figures(pipeline: pipeline)
        let stages = Set(figures.map(\.stage))
        let now = Date()
        for learner in figures where learner.examplesJudged > 0 {
            let name = stages.count > 1 ? "\(learner.stage)/\(learner.learner)" : learner.learner
            guard lastExamples[name] != learner.examplesLearned else { continue }
            lastExamples[name] = learner.examplesLearned
            var values: [LearningCurvePoint.Metric: Double] = [:]
            values[.logLoss] = learner.logLoss
            values[.auc] = learner.rocAUC
            values[.rollingAUC] = learner.recentROCAUC
            if !learner.logLoss.isFinite {
                // A regressor: classifiers report an absolute error too, but it is not what their curve shows.
                values[.mae] = learner.meanAbsoluteError
                values[.rmse] = learner.rootMeanSquaredError
            }
            values = values.filter { $0.value.isFinite }
            do {
                try writer.write(
                    LearningCurvePoint(time: now, examples: Int(learner.examplesLearned), learner: name, values: values))
            } catch {
                failed = true
                logger.error("the learning curve stops here: \(error)")
                return
            }
        }
    }

    /// The last checkpoint; closes the file.
    func finish() {
        checkpoint()
        writer.close()
    }
}
