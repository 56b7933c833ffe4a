import SlipstreamEngine
import SlipstreamLearn

/// Everything the DSL recorded about one scoring stage; the stage's processor is built from it when the
/// pipeline is planned (and rebuilt when ``Stage/awaitLabel(from:on:within:eventTime:labelTime:label:)``
/// adds labels to it).
struct ScoringSetup<Event, ID: PartitionKey>: Sendable {
    var schema: FeatureSchema<Event>
    var learners: [LearnerSpec]
    /// Index of the serving learner in ``learners``.
    var serving: Int
    var id: @Sendable (Event) -> ID
    var mode: LearningMode
    /// Reason codes per score.
    var reasons: Int
    /// The target carried by the event itself (predict, then learn at once); `nil` for delayed labels.
    var target: (@Sendable (Event) -> Double?)?
    /// Labels arriving on their own stream, once awaited.
    var labels: LabelSettings<Event>?
    /// Events in the "recent" window of the progressive metrics.
    var recentWindow = 10_000

    var servingSpec: LearnerSpec { learners[serving] }

    /// Whether labels (delayed or inline) train the learners.
    var learnsFromLabels: Bool {
        guard mode.isLearning else { return false }
        return target != nil || labels?.learns == true
    }
}

/// How a scoring stage waits for labels: the time bound, the event's time, and what an unlabelled event becomes.
struct LabelSettings<Event>: Sendable {
    var within: Duration
    var eventTime: @Sendable (Event) -> Int64
    /// Whether labels train the learners (``LabelJoin/learn(unlabelled:)``), or only judge them.
    var learns = false
    var unlabelled = UnlabelledExamples.negative
}
