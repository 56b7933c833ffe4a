import SlipstreamLearn

/// An event with the score the serving learner gave it: the output of a scoring stage
/// (``FeaturedStage/score(with:serving:id:mode:reasons:name:)``).
public struct Scored<Event> {
    /// The event.
    public var event: Event
    /// The serving learner's score: the probability of class 1 (logistic) or the value (linear).
    public var score: Double
    /// The version of the model that scored it: the serving learner's count of examples learned, or in
    /// score-only mode the loaded model file's version.
    public var modelVersion: Int64
    /// The features that moved the score most, largest first (as many as the stage's `reasons`).
    public var reasons: ScoreReasons
    /// The feature vector that was scored (and that the learners train on when the label comes).
    public var features: FeatureVector
    /// Wall-clock time of scoring, milliseconds since 1970 (read once per batch): with the event's own time,
    /// the event-to-score latency.
    public var scoredAt: Int64

    /// Creates a scored event.
    public init(
        event: Event, score: Double, modelVersion: Int64, reasons: ScoreReasons = [], features: FeatureVector,
        scoredAt: Int64
    ) {
        self.event = event
        self.score = score
        self.modelVersion = modelVersion
        self.reasons = reasons
        self.features = features
        self.scoredAt = scoredAt
    }
}

extension Scored: Sendable where Event: Sendable {}

/// One feature's share of a score: why the model scored an event the way it did.
public struct ScoreReason: Sendable, Hashable, CustomStringConvertible {
    /// The feature's name in the schema, or `left*right` for a cross.
    public var feature: String
    /// The categorical value(s) that made it (`"5411"`, `"5411*US"` for a cross); `nil` for a numeric feature.
    public var value: String?
    /// How much it moved the margin (weight × value): positive pushes towards class 1 / a larger value.
    public var contribution: Double

    /// Creates a reason.
    public init(feature: String, value: String? = nil, contribution: Double) {
        self.feature = feature
        self.value = value
        self.contribution = contribution
    }

    /// `feature=value` for a categorical, the name alone for a numeric.
    public var label: String { value.map { "\(feature)=\($0)" } ?? feature }

    public var description: String { "\(label) (\(contribution))" }
}

/// What a stage awaiting labels does with an event whose label window closed without a label.
public enum UnlabelledExamples: Sendable, Hashable {
    /// Learn it with this target (the progressive metrics count it too).
    case learnAs(Double)
    /// Count it and forget it.
    case drop

    /// Learn it as the negative class (target 0): a payment with no chargeback in the window was legitimate.
    public static var negative: UnlabelledExamples { .learnAs(0) }
}

/// The names of the counters a scoring stage adds to its vertex metrics.
public enum LearningCounterNames {
    /// Events scored.
    public static let scored = "scored"
    /// Examples learned by the serving learner (labelled, inline, or unlabelled learned as negatives).
    public static let examplesLearned = "examplesLearned"
    /// Labels joined to the features served for their event.
    public static let labelsMatched = "labelsMatched"
    /// Served events whose label window closed without a label.
    public static let windowsClosedUnlabelled = "windowsClosedUnlabelled"
    /// Labels whose window closed without their event (it never came, or its window had already closed).
    public static let labelsUnmatched = "labelsUnmatched"
    /// Labels (or inline targets) that are NaN or infinite: counted and dropped.
    public static let invalidLabels = "invalidLabels"
    /// Numeric feature values that are NaN, infinite or beyond the schema's `maxMagnitude`: treated as missing.
    public static let invalidFeatures = "invalidFeatures"
    /// Examples not learned because their features could not be learned safely (a norm too large to keep the
    /// weights finite).
    public static let examplesRejected = "examplesRejected"
    /// Newer model files swapped in by a score-only stage.
    public static let modelSwaps = "modelSwaps"
    /// Model files a score-only stage refused (damaged, or for other features or another model family).
    public static let modelReloadFailures = "modelReloadFailures"
}
