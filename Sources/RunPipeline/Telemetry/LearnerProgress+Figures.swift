import Slipstream
import SlipstreamTelemetry

extension LearnerProgress {
    /// The telemetry's view of a scoring stage's live learner figures (NaN, "not known yet", becomes `nil`).
    init(_ figures: LearnerFigures) {
        func known(_ value: Double) -> Double? { value.isFinite ? value : nil }
        self.init(
            name: figures.learner, stage: figures.stage, examples: Int(figures.examplesLearned),
            logLoss: known(figures.logLoss), auc: known(figures.rocAUC), rollingAUC: known(figures.recentROCAUC),
            accuracy: nil)
    }
}
