import SlipstreamEngine
import SlipstreamLearn

/// Everything the DSL recorded about one scoring stage; the stage's processor is built from it when the
/// pipeline is planned (and rebuilt when ``Stage/awaitLabel(from:on:within:eventTime:labelTime:label:)``
/// adds labels to it).
@usableFromInline
struct ScoringSetup<Event, ID: PartitionKey>: Sendable {
    @usableFromInline var schema: FeatureSchema<Event>
    @usableFromInline var learners: [LearnerSpec]
    /// Index of the serving learner in ``learners``.
    @usableFromInline var serving: Int
    @usableFromInline var id: @Sendable (Event) -> ID
    @usableFromInline var mode: LearningMode
    /// Reason codes per score.
    @usableFromInline var reasons: Int
    /// The target carried by the event itself (predict, then learn at once); `nil` for delayed labels.
    @usableFromInline var target: (@Sendable (Event) -> Double?)?
    /// Labels arriving on their own stream, once awaited.
    @usableFromInline var labels: LabelSettings<Event>?
    /// Events in the "recent" window of the progressive metrics.
    @usableFromInline var recentWindow = 10_000

    @usableFromInline
    init(
        schema: FeatureSchema<Event>, learners: [LearnerSpec], serving: Int, id: @escaping @Sendable (Event) -> ID,
        mode: LearningMode, reasons: Int, target: (@Sendable (Event) -> Double?)?, labels: LabelSettings<Event>?
    ) {
        self.schema = schema
        self.learners = learners
        self.serving = serving
        self.id = id
        self.mode = mode
        self.reasons = reasons
        self.target = target
        self.labels = labels
    }

    @inlinable var servingSpec: LearnerSpec { learners[serving] }

    /// Whether labels (delayed or inline) train the learners.
    @inlinable var learnsFromLabels: Bool {
        guard mode.isLearning else { return false }
        return target != nil || labels?.learns == true
    }
}

/// How a scoring stage waits for labels: the time bound, the event's time, and what an unlabelled event becomes.
@usableFromInline
struct LabelSettings<Event>: Sendable {
    @usableFromInline var within: Duration
    @usableFromInline var eventTime: @Sendable (Event) -> Int64
    /// Whether labels train the learners (``LabelJoin/learn(unlabelled:)``), or only judge them.
    @usableFromInline var learns = false
    @usableFromInline var unlabelled = UnlabelledExamples.negative

    @usableFromInline
    init(
        within: Duration, eventTime: @escaping @Sendable (Event) -> Int64, learns: Bool = false,
        unlabelled: UnlabelledExamples = .negative
    ) {
        self.within = within
        self.eventTime = eventTime
        self.learns = learns
        self.unlabelled = unlabelled
    }
}

/// The setup of one scoring stage while the pipeline is recorded: `awaitLabel` and `learn` complete it after
/// `score` has added the stage, and the stage's vertex is built from it when the pipeline is planned.
@usableFromInline
final class ScoringStageRecord<Event, ID: PartitionKey>: @unchecked Sendable {
    // @unchecked: `setup` changes only while the pipeline is being recorded, on the thread recording it and
    // before the plan is shared; afterwards it is only read.
    @usableFromInline var setup: ScoringSetup<Event, ID>

    @usableFromInline
    init(_ setup: ScoringSetup<Event, ID>) {
        self.setup = setup
    }
}
