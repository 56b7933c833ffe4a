/// The live progressive-validation figures of one learner (predict, then learn), as the metrics endpoint and
/// the progress line show them. A figure is `nil` until the learner has seen what it needs (AUC needs both
/// classes, for example) or when the learner does not compute it (a regressor has no AUC).
public struct LearnerProgress: Sendable, Hashable {
    /// The learner's name in its stage (champion and challengers have distinct names).
    public var name: String
    /// The scoring stage (vertex) it belongs to; empty when the pipeline has one learner stage or none is known.
    public var stage: String
    /// Labelled examples learned from.
    public var examples: Int
    /// Mean log loss over the whole stream.
    public var logLoss: Double?
    /// ROC AUC over the whole stream.
    public var auc: Double?
    /// ROC AUC over the recent window.
    public var rollingAUC: Double?
    /// Accuracy at the 0.5 threshold over the whole stream.
    public var accuracy: Double?

    /// Creates the figures of learner `name`.
    public init(
        name: String, stage: String = "", examples: Int, logLoss: Double? = nil, auc: Double? = nil, rollingAUC: Double? = nil,
        accuracy: Double? = nil
    ) {
        self.name = name
        self.stage = stage
        self.examples = examples
        self.logLoss = logLoss
        self.auc = auc
        self.rollingAUC = rollingAUC
        self.accuracy = accuracy
    }
}
