import SlipstreamEngine
import SlipstreamGrid
import SlipstreamLearn

/// A stream whose events have declared features (``Stage/features(_:)``), ready to be scored.
///
/// Declaring features records nothing by itself: ``score(with:serving:id:mode:reasons:name:)`` (labels arrive
/// later) or ``learn(with:serving:mode:reasons:name:target:)`` (events carry their target) adds the stage that
/// encodes, scores and learns.
public struct FeaturedStage<Event> {
    /// The stream being scored.
    public let upstream: Stage<Event>
    /// Its features.
    public let schema: FeatureSchema<Event>
}

extension Stage {
    /// Declares the features of this stream's events; score them with ``FeaturedStage/score(with:serving:id:mode:reasons:name:)``.
    public func features(_ schema: FeatureSchema<Item>) -> FeaturedStage<Item> {
        FeaturedStage(upstream: self, schema: schema)
    }

    /// Declares the features of this stream's events inline; see ``FeatureSchema``.
    ///
    /// ```swift
    /// payments.features {
    ///     NumericFeature("amount") { $0.amount }
    ///     CategoricalFeature("mcc") { $0.mcc }
    ///     CategoricalFeature("country") { $0.country }
    ///     CrossFeature("mcc", "country")
    /// }
    /// ```
    public func features(
        hashBits: Int = 22, seed: UInt32 = 0, missingIndicators: Bool = true, maxMagnitude: Double = 1e9,
        @FeatureSchemaBuilder<Item> _ declarations: () -> [FeatureDeclaration<Item>]
    ) -> FeaturedStage<Item> {
        features(
            FeatureSchema(
                hashBits: hashBits, seed: seed, missingIndicators: missingIndicators, maxMagnitude: maxMagnitude,
                declarations))
    }
}

extension FeaturedStage {
    /// Scores every event with the serving learner, now, and keeps its served features so that a label arriving
    /// later trains the learners on exactly them (add labels with
    /// ``Stage/awaitLabel(from:on:within:eventTime:labelTime:label:)`` on the result, then ``LabelJoin/learn(unlabelled:)``).
    ///
    /// ```swift
    /// let scored = payments.features(schema)
    ///     .score(with: .logisticRegression(.ftrl(alpha: 0.05), regularization: .init(l1: 1)), id: \.id)
    /// scored.write(.kafka("fraud-scores"))
    /// scored.awaitLabel(from: chargebacks, on: \.paymentID, within: .days(30),
    ///                   eventTime: \.time, labelTime: \.time) { $0.reason == "fraud" }
    ///     .learn()
    /// ```
    ///
    /// The stage is one vertex with one instance, fed all-to-one: the model has a single writer. Its figures
    /// (progressive log loss, AUC, examples learned per learner) are published to ``LearningMonitor``, and its
    /// counters (``LearningCounterNames``) to the vertex metrics; weights, feature transforms, metrics and the
    /// examples waiting for labels are saved in snapshots.
    ///
    /// - Parameters:
    ///   - learners: one or several learners on the same features (champion/challenger); each learns every
    ///     label and keeps its own metrics.
    ///   - serving: the name of the learner whose scores are emitted; default the first.
    ///   - id: the event's id, which labels refer to (unique per event).
    ///   - mode: ``LearningMode/learning`` (default), or score-only with a given model.
    ///   - reasons: reason codes per score (0 for none).
    ///   - name: the stage's name.
    @inlinable
    public func score<ID: PartitionKey & BinaryCodable>(
        with learners: LearnerSpec..., serving: String? = nil, id: @escaping @Sendable (Event) -> ID,
        mode: LearningMode = .learning, reasons: Int = 3, name: String = "score"
    ) -> Stage<Scored<Event>> {
        let record = ScoringStageRecord(
            ScoringSetup(
                schema: schema, learners: learners, serving: 0, id: id, mode: mode, reasons: reasons, target: nil,
                labels: nil))
        return addScoringStage(
            record, events: Self.events(upstream, name: name, id: ID.self), serving: serving, name: name,
            lowering: Self.lowering(record))
    }

    /// Scores every event, then learns it at once from the target it carries (progressive validation: each
    /// event is scored by the model trained on the events before it). Events whose `target` is `nil` are only
    /// scored.
    ///
    /// ```swift
    /// impressions.features(schema)
    ///     .learn(with: .logisticRegression(.ftrl(alpha: 0.1))) { $0.clicked ? 1 : 0 }
    ///     .write(.kafka("ctr-scores"))
    /// ```
    @inlinable
    public func learn(
        with learners: LearnerSpec..., serving: String? = nil, mode: LearningMode = .learning, reasons: Int = 3,
        name: String = "learn", target: @escaping @Sendable (Event) -> Double?
    ) -> Stage<Scored<Event>> {
        let record = ScoringStageRecord(
            ScoringSetup(
                schema: schema, learners: learners, serving: 0, id: { _ in 0 }, mode: mode, reasons: reasons,
                target: target, labels: nil))
        return addScoringStage(
            record, events: Self.events(upstream, name: name, id: Int.self), serving: serving, name: name,
            lowering: Self.lowering(record))
    }

    /// The events as the scoring stage's input. Made in the inlinable entry points, so that the step's processor
    /// is specialized where the pipeline is declared (the planner fuses it with nothing: a keyed or stateful
    /// stage usually comes before it).
    @inlinable
    static func events<ID>(_ upstream: Stage<Event>, name: String, id: ID.Type) -> Stage<LearnerInput<Event, ID>> {
        upstream.addWrapStep(name: "\(name)-events") { LearnerInput<Event, ID>.event($0) }
    }

    /// Builds the stage's vertex: one instance of ``LearnerProcessor`` for the learners' model family, from the
    /// setup as it stands when the pipeline is planned (after `awaitLabel` and `learn`). Inlinable, so that the
    /// processor is specialized in the module that declares the pipeline, where `Event` and `ID` are concrete.
    @inlinable
    static func lowering<ID: PartitionKey & BinaryCodable>(_ record: ScoringStageRecord<Event, ID>) -> VertexLowering {
        VertexLowering(
            build: { dag, request in
                let setup = record.setup
                switch setup.servingSpec.model {
                case .linear:
                    return dag.addLowered(request.name, parallelism: 1) { _ in
                        try LearnerProcessor<Event, ID, LinearRegression>(setup: setup)
                    }
                case .logistic, .softmax:
                    return dag.addLowered(request.name, parallelism: 1) { _ in
                        try LearnerProcessor<Event, ID, LogisticRegression>(setup: setup)
                    }
                }
            }, makeFanOut: nil, isCooperative: true)
    }

    /// Checks and records the scoring stage, fed all-to-one by its events.
    @usableFromInline
    func addScoringStage<ID: PartitionKey & BinaryCodable>(
        _ record: ScoringStageRecord<Event, ID>, events: Stage<LearnerInput<Event, ID>>, serving: String?, name: String,
        lowering: VertexLowering
    ) -> Stage<Scored<Event>> {
        let builder = upstream.builder
        guard builder.owns(upstream, use: name) else { return Stage(builder: builder, id: -1) }
        let learners = record.setup.learners
        if let problem = Self.problem(learners: learners, serving: serving, schema: schema, reasons: record.setup.reasons) {
            builder.problems.append(PipelineError(problem, stage: name))
            return Stage(builder: builder, id: -1)
        }
        record.setup.serving = serving.flatMap { s in learners.firstIndex { $0.name == s } } ?? 0
        let stageID = builder.addStage(
            kind: .stateful, name: name, inputs: [PlanInput(stage: events.id, port: events.port, routing: .allToOne)],
            parallelism: .fixed(1), detail: record.setup.detail, vertex: lowering)
        builder.scoringSetups[stageID] = record
        return Stage(builder: builder, id: stageID)
    }

    private static func problem(
        learners: [LearnerSpec], serving: String?, schema: FeatureSchema<Event>, reasons: Int
    ) -> String? {
        if let problem = schema.problem { return problem }
        guard let first = learners.first else { return "a scoring stage needs at least one learner" }
        let names = learners.map(\.name)
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            return "two learners are named '\(duplicate)': give each a name of its own"
        }
        if let empty = names.first(where: { $0.isEmpty || $0.contains("/") }) {
            return "learner name '\(empty)' is empty or holds '/'"
        }
        if let serving, !names.contains(serving) {
            return "the serving learner '\(serving)' is not among the learners (\(names.joined(separator: ", ")))"
        }
        guard first.model != .softmax else { return "softmax learners are not supported by scoring stages" }
        if let other = learners.first(where: { $0.model != first.model }) {
            return "learner '\(other.name)' is \(other.model) but '\(first.name)' is \(first.model): a stage's learners share one model family"
        }
        guard reasons >= 0 else { return "reasons must be at least 0, got \(reasons)" }
        return nil
    }
}

/// The labels awaited by a scoring stage, from ``Stage/awaitLabel(from:on:within:eventTime:labelTime:label:)``:
/// they judge the served scores (progressive metrics); ``learn(unlabelled:)`` makes them train the learners.
public struct LabelJoin {
    let builder: PipelineBuilder
    let stage: Int
    let update: (UnlabelledExamples) -> Void

    /// Trains the stage's learners on each label, with the features served for its event; an event whose window
    /// closes without a label is learned as `unlabelled` says (default: the negative class). In score-only mode
    /// the learners stay as loaded and the labels only judge them.
    public func learn(unlabelled: UnlabelledExamples = .negative) {
        guard stage >= 0 else { return }
        update(unlabelled)
    }
}

extension Stage {
    /// Joins the labels of `labels` to the events this scoring stage served, by id, within `within` of event
    /// time: each label judges the scores served for its event, and — after ``LabelJoin/learn(unlabelled:)`` —
    /// trains the learners on the features that were served. No cycle is made: the labels are a second input of
    /// the scoring stage itself.
    ///
    /// Either side may arrive first. A label and its event match when their times are at most `within` apart;
    /// an event whose window the watermark passes without a label becomes an unlabelled example, and a label
    /// whose window passes without its event is counted and dropped (``LearningCounterNames``). Windows close on
    /// watermarks, so both streams need ``timestamps(_:allowedLateness:idleTimeout:)``; when the inputs end,
    /// every window closes. A label that is NaN or infinite is counted and dropped.
    ///
    /// - Parameters:
    ///   - labels: the label stream.
    ///   - labelID: the id of the event a label is for (of the type the scoring stage's `id` returns).
    ///   - within: how long an event waits for its label.
    ///   - eventTime: the scored event's time, milliseconds.
    ///   - labelTime: the label's time, milliseconds.
    ///   - label: the target (1 / 0 for a logistic learner); `nil` to ignore the label.
    @discardableResult
    public func awaitLabel<Event, Label, ID: PartitionKey & BinaryCodable>(
        from labels: Stage<Label>, on labelID: @escaping @Sendable (Label) -> ID, within: Duration,
        eventTime: @escaping @Sendable (Event) -> Int64, labelTime: @escaping @Sendable (Label) -> Int64,
        label: @escaping @Sendable (Label) -> Double?
    ) -> LabelJoin where Item == Scored<Event> {
        let failed = LabelJoin(builder: builder, stage: -1, update: { _ in })
        guard builder.owns(self, use: "awaitLabel"), builder.owns(labels, use: "awaitLabel") else { return failed }
        guard port == .main, let record = builder.scoringSetups[id] as? ScoringStageRecord<Event, ID> else {
            let problem =
                builder.scoringSetups[id] == nil
                ? "awaitLabel is only available on the output of score(with:id:...)"
                : "the labels' id type \(ID.self) differs from the id type of the scoring stage"
            builder.problems.append(PipelineError(problem, stage: name))
            return failed
        }
        guard record.setup.target == nil, record.setup.labels == nil else {
            builder.problems.append(
                PipelineError("the stage already has its labels (inline targets or an earlier awaitLabel)", stage: name))
            return failed
        }
        guard within > .zero else {
            builder.problems.append(PipelineError("awaitLabel needs a positive window, got \(within)", stage: name))
            return failed
        }
        record.setup.labels = LabelSettings(within: within, eventTime: eventTime)
        // A label the closure ignores (`nil`) never reaches the stage; one that is not a number does, to be counted.
        let mapped = labels.compactMap(name: "\(name)-labels") { item -> LearnerInput<Event, ID>? in
            label(item).map { .label(id: labelID(item), value: $0, time: labelTime(item)) }
        }
        builder.plan.stages[id].detail = record.setup.detail
        // The label stream joins the scoring stage as its second input; it was recorded after the stage, which
        // the planner allows for non-fused stages.
        builder.plan.stages[id].inputs.append(PlanInput(stage: mapped.id, port: mapped.port, routing: .allToOne))
        let stage = id
        return LabelJoin(builder: builder, stage: id) { [builder] unlabelled in
            record.setup.labels?.learns = true
            record.setup.labels?.unlabelled = unlabelled
            builder.plan.stages[stage].detail = record.setup.detail
        }
    }

    /// ``awaitLabel(from:on:within:eventTime:labelTime:label:)`` with a yes/no label (1 / 0).
    @discardableResult
    public func awaitLabel<Event, Label, ID: PartitionKey & BinaryCodable>(
        from labels: Stage<Label>, on labelID: @escaping @Sendable (Label) -> ID, within: Duration,
        eventTime: @escaping @Sendable (Event) -> Int64, labelTime: @escaping @Sendable (Label) -> Int64,
        label: @escaping @Sendable (Label) -> Bool
    ) -> LabelJoin where Item == Scored<Event> {
        awaitLabel(
            from: labels, on: labelID, within: within, eventTime: eventTime, labelTime: labelTime,
            label: { (item: Label) -> Double? in label(item) ? 1 : 0 })
    }
}

extension ScoringSetup where ID: BinaryCodable {
    /// A few words for `describe`.
    var detail: String {
        let names = learners.map { $0.name + ($0.name == servingSpec.name && learners.count > 1 ? " (serving)" : "") }
        var text = "\(learners.first?.model.rawValue ?? "?") [\(names.joined(separator: ", "))], \(mode)"
        if target != nil { text += ", inline targets" }
        if let labels { text += ", labels within \(labels.within)" + (labels.learns ? "" : ", judged only") }
        return text
    }
}
