/// The live figures of one learner of a scoring stage: what a progress line, a metrics endpoint or a
/// learning-curve report shows. Read them through ``LearningMonitor``.
///
/// Metrics are progressive: each example is judged by the score it was *served*, before its label was known.
/// A figure that does not apply (AUC of a linear regression, anything before the first label) is NaN.
public struct LearnerFigures: Sendable, Hashable {
    /// The pipeline (job) name.
    public var pipeline: String
    /// The scoring stage (vertex) name.
    public var stage: String
    /// The learner's name (``LearnerSpec/name``).
    public var learner: String
    /// Whether its scores are the stage's output.
    public var isServing: Bool
    /// Whether it learns (`false` in score-only mode, or while no labels train the stage).
    public var isLearning: Bool
    /// Examples it learned: restored exactly from snapshots, so after any number of restarts it is the number
    /// of examples the model has seen.
    public var examplesLearned: Int64
    /// Examples whose served score was judged against a label.
    public var examplesJudged: Int64
    /// Events the stage scored (in this run).
    public var scored: Int64
    /// The model version stamped on its scores.
    public var modelVersion: Int64
    /// Mean log loss over the stream.
    public var logLoss: Double
    /// ROC AUC over the stream.
    public var rocAUC: Double
    /// Mean log loss over the recent window.
    public var recentLogLoss: Double
    /// ROC AUC over the recent window.
    public var recentROCAUC: Double
    /// Mean absolute error over the stream.
    public var meanAbsoluteError: Double
    /// Root mean squared error over the stream (regression).
    public var rootMeanSquaredError: Double
    /// Served events waiting for their label.
    public var pendingExamples: Int
    /// The stage's processing time per scored event, in microseconds (all its work, learning included).
    public var meanBatchMicrosPerEvent: Double

    /// Creates figures.
    public init(
        pipeline: String, stage: String, learner: String, isServing: Bool, isLearning: Bool, examplesLearned: Int64,
        examplesJudged: Int64, scored: Int64, modelVersion: Int64, logLoss: Double, rocAUC: Double,
        recentLogLoss: Double, recentROCAUC: Double, meanAbsoluteError: Double, rootMeanSquaredError: Double,
        pendingExamples: Int, meanBatchMicrosPerEvent: Double
    ) {
        self.pipeline = pipeline
        self.stage = stage
        self.learner = learner
        self.isServing = isServing
        self.isLearning = isLearning
        self.examplesLearned = examplesLearned
        self.examplesJudged = examplesJudged
        self.scored = scored
        self.modelVersion = modelVersion
        self.logLoss = logLoss
        self.rocAUC = rocAUC
        self.recentLogLoss = recentLogLoss
        self.recentROCAUC = recentROCAUC
        self.meanAbsoluteError = meanAbsoluteError
        self.rootMeanSquaredError = rootMeanSquaredError
        self.pendingExamples = pendingExamples
        self.meanBatchMicrosPerEvent = meanBatchMicrosPerEvent
    }
}
