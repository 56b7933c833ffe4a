import SlipstreamEngine

/// The `p` of `Pipeline("name") { p in … }`: reads sources and records every stage into the pipeline's
/// ``LogicalPlan``.
///
/// It only records: nothing connects, reads or runs until the pipeline is started. Mistakes that the types
/// cannot catch (a stage of another pipeline, a late-event stream asked of a stage without timestamps) are
/// collected and reported when the pipeline is planned.
public final class PipelineBuilder {
    /// The pipeline's name.
    public let name: String
    var plan = LogicalPlan()
    var problems: [PipelineError] = []
    /// The `Source<Item>` of each source stage, so that `timestamps` can reconfigure it.
    var sourceDescriptors: [Int: any Sendable] = [:]
    /// Stages that assign event time (and so may divert late events), with what they do with late events.
    var eventTimeStages: [Int: LateEventHandling] = [:]
    /// The `ScoringSetup` of each scoring stage, so that `awaitLabel` can add labels to it.
    var scoringSetups: [Int: any Sendable] = [:]

    init(name: String) {
        self.name = name
    }

    // MARK: - Sources

    /// Reads `source`.
    ///
    /// - Parameters:
    ///   - name: the stage's name (default: the source's own, such as its topic).
    ///   - parallelism: source instances (default: the source's; a Kafka source spreads its partitions over
    ///     one instance per worker thread, an in-memory source runs one instance).
    public func read<Item>(_ source: Source<Item>, name: String? = nil, parallelism: Int? = nil) -> Stage<Item> {
        let id = addStage(
            kind: .source, name: name ?? source.defaultName, inputs: [],
            parallelism: parallelism.map { .fixed(max(1, $0)) } ?? source.parallelism, detail: source.detail,
            lowering: source.lowering(eventTime: nil))
        sourceDescriptors[id] = source
        if let parallelism, parallelism < 1 {
            problems.append(PipelineError("parallelism must be at least 1, got \(parallelism)", stage: plan.stages[id].name))
        }
        return Stage(builder: self, id: id)
    }

    /// One stream of the items of all `stages` (in no particular order between them).
    public func merge<Item>(_ stages: [Stage<Item>], name: String? = nil) -> Stage<Item> {
        guard let first = stages.first else {
            problems.append(PipelineError("merge needs at least one stage"))
            return Stage(builder: self, id: -1)
        }
        return first.merge(with: Array(stages.dropFirst()), name: name)
    }

    // MARK: - Recording

    func addStage(
        kind: PlanStageKind, name: String, inputs: [PlanInput], parallelism: PlanParallelism, detail: String? = nil,
        lowering: StageLowering
    ) -> Int {
        let id = plan.stages.count
        plan.stages.append(
            PlanStage(
                id: id, name: uniqueName(name), kind: kind, inputs: inputs, parallelism: parallelism, detail: detail,
                lowering: lowering))
        return id
    }

    /// Records a stage that has a vertex of its own; see ``addStage(kind:name:inputs:parallelism:detail:lowering:)``.
    @usableFromInline
    func addStage(
        kind: PlanStageKind, name: String, inputs: [PlanInput], parallelism: PlanParallelism, detail: String? = nil,
        vertex: VertexLowering
    ) -> Int {
        addStage(kind: kind, name: name, inputs: inputs, parallelism: parallelism, detail: detail, lowering: .vertex(vertex))
    }

    private func uniqueName(_ base: String) -> String {
        let base = base.isEmpty ? "stage" : base
        let taken = Set(plan.stages.map(\.name))
        guard taken.contains(base) else { return base }
        var suffix = 2
        while taken.contains("\(base)-\(suffix)") { suffix += 1 }
        return "\(base)-\(suffix)"
    }

    /// Checks that `stage` was made by this builder, recording a problem otherwise.
    @usableFromInline
    func owns<Item>(_ stage: Stage<Item>, use: String) -> Bool {
        guard stage.builder === self, stage.id >= 0 else {
            problems.append(PipelineError("\(use): the stage belongs to another pipeline (or to a failed merge)"))
            return false
        }
        return true
    }
}
