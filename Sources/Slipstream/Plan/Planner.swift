import SlipstreamEngine

/// Lowers a ``LogicalPlan`` to a ``DAG``.
///
/// 1. Every stage gets its parallelism: fixed, one per worker, or inherited from the stage it reads.
/// 2. Consecutive stateless stages fuse into one vertex when the second reads only the first, forward, with the
///    same parallelism, and nothing else reads the first: items then go from one function to the next with no
///    queue in between.
/// 3. Each fused group or other stage becomes a vertex; edges follow the stages' inputs, producer by producer,
///    regular output first, so that a stage diverting late events has them on output ordinal 1. When such a
///    stage's regular output feeds several stages, an identity vertex fans it out.
struct Planner {
    let pipelineName: String
    let plan: LogicalPlan
    let configuration: PipelineConfiguration
    /// Whether the DAG will run, or is only described.
    let isForRunning: Bool

    func lower() throws -> PhysicalPlan {
        var stages = plan.stages
        guard stages.contains(where: { $0.kind == .sink }) else {
            throw PipelineError("pipeline '\(pipelineName)' writes nowhere: end at least one stream with write(...)")
        }
        let parallelism = resolveParallelism(stages)
        let elided = elideMerges(&stages, parallelism: parallelism)
        var mainConsumers = Array(repeating: [Int](), count: stages.count)
        var lateConsumers = Array(repeating: [Int](), count: stages.count)
        for stage in stages where !elided.contains(stage.id) {
            for input in stage.inputs {
                if input.port == .main {
                    mainConsumers[input.stage].append(stage.id)
                } else {
                    lateConsumers[input.stage].append(stage.id)
                }
            }
        }

        // Fusion groups, in plan order.
        var groupOf = Array(repeating: -1, count: stages.count)
        var groups: [[Int]] = []
        for stage in stages where !elided.contains(stage.id) {
            if case .step = stage.lowering, stage.inputs.count == 1, let input = stage.inputs.first, input.port == .main,
                case .forward = input.routing, case .step = stages[input.stage].lowering,
                mainConsumers[input.stage].count == 1, lateConsumers[input.stage].isEmpty,
                parallelism[stage.id] == parallelism[input.stage]
            {
                groupOf[stage.id] = groupOf[input.stage]
                groups[groupOf[stage.id]].append(stage.id)
            } else {
                groupOf[stage.id] = groups.count
                groups.append([stage.id])
            }
        }

        // One vertex per group.
        var dag = DAG()
        var lowered: [LoweredVertex] = []
        var planned: [PhysicalPlan.PlannedVertex] = []
        for group in groups {
            let head = stages[group[0]]
            let name = group.map { stages[$0].name }.joined(separator: "+")
            let vertex: LoweredVertex
            var isCooperative = true
            switch head.lowering {
            case .step(let step):
                var chain = step.startChain()
                for id in group.dropFirst() {
                    guard case .step(let next) = stages[id].lowering else {
                        preconditionFailure("planner bug: a vertex stage in a fused group")
                    }
                    chain = next.extend(chain)
                }
                vertex = chain.lower(into: &dag, name: name, parallelism: parallelism[head.id])
            case .vertex(let lowering):
                isCooperative = lowering.isCooperative
                do {
                    vertex = try lowering.build(
                        &dag,
                        VertexRequest(
                            name: name, parallelism: parallelism[head.id], configuration: configuration,
                            pipelineName: pipelineName, divertsLateEvents: head.divertsLateEvents,
                            isForRunning: isForRunning))
                } catch let error as PipelineError {
                    throw error.stage == nil ? PipelineError(error.message, stage: name) : error
                }
            }
            lowered.append(vertex)
            planned.append(
                PhysicalPlan.PlannedVertex(
                    name: name, stages: group.map { stages[$0].name }, kinds: group.map { stages[$0].kind },
                    parallelism: parallelism[head.id], isCooperative: isCooperative,
                    detail: group.compactMap { stages[$0].detail }.first))
        }

        // Edges, producer by producer: regular output first, then late events.
        for (index, group) in groups.enumerated() {
            let tail = stages[group.last!]
            guard var mainOutput = lowered[index].output else { continue }
            let lateOutput = mainOutput
            var mainParallelism = parallelism[tail.id]
            if tail.divertsLateEvents && mainConsumers[tail.id].count != 1 {
                guard case .vertex(let lowering) = tail.lowering, let makeFanOut = lowering.makeFanOut,
                    let fanOut = Optional(makeFanOut(&dag, "\(tail.name)-on-time", parallelism[tail.id])),
                    let fanOutInput = fanOut.input, let fanOutOutput = fanOut.output
                else { preconditionFailure("planner bug: a stage diverting late events cannot fan out") }
                mainOutput.connect(to: fanOutInput, routing: .forward, equalParallelism: true, dag: &dag)
                planned.append(
                    PhysicalPlan.PlannedVertex(
                        name: "\(tail.name)-on-time", stages: [], kinds: [], parallelism: parallelism[tail.id],
                        isCooperative: true, detail: "fans the on-time events out"))
                mainOutput = fanOutOutput
                mainParallelism = parallelism[tail.id]
            }
            for (port, consumers, output, producerParallelism) in [
                (PlanPort.main, mainConsumers[tail.id], mainOutput, mainParallelism),
                (PlanPort.late, lateConsumers[tail.id], lateOutput, parallelism[tail.id]),
            ] {
                for consumer in consumers {
                    guard let input = lowered[groupOf[consumer]].input else {
                        preconditionFailure("planner bug: a source has an input")
                    }
                    for planInput in stages[consumer].inputs where planInput.stage == tail.id && planInput.port == port {
                        output.connect(
                            to: input, routing: planInput.routing,
                            equalParallelism: producerParallelism == parallelism[consumer], dag: &dag)
                    }
                }
            }
        }
        try dag.validate(defaultParallelism: configuration.job.defaultParallelism ?? configuration.cooperativeThreads)
        return PhysicalPlan(pipelineName: pipelineName, dag: dag, vertices: planned)
    }

    /// Removes the merges that need no vertex of their own: each consumer of such a merge reads the merged
    /// stages directly (one edge per merged stage, routed as it read the merge), so an item takes one queue fewer.
    /// A merge qualifies when it reads every input forward at the input's own parallelism (then it is an identity
    /// per instance) and no input is a late-event port or the regular output of a stage diverting late events
    /// (those outputs feed exactly one edge each). Returns the ids of the merges removed; their consumers' inputs
    /// are rewritten in `stages`.
    private func elideMerges(_ stages: inout [PlanStage], parallelism: [Int?]) -> Set<Int> {
        var elided = Set<Int>()
        for merge in stages where merge.kind == .merge {
            guard case .step = merge.lowering,
                merge.inputs.allSatisfy({ input in
                    guard case .forward = input.routing else { return false }
                    return input.port == .main && !stages[input.stage].divertsLateEvents
                        && parallelism[input.stage] == parallelism[merge.id]
                })
            else { continue }
            for index in stages.indices where stages[index].inputs.contains(where: { $0.stage == merge.id }) {
                stages[index].inputs = stages[index].inputs.flatMap { input -> [PlanInput] in
                    guard input.stage == merge.id else { return [input] }
                    return stages[merge.id].inputs.map { PlanInput(stage: $0.stage, port: $0.port, routing: input.routing) }
                }
            }
            elided.insert(merge.id)
        }
        return elided
    }

    /// The parallelism of every stage: `nil` for one instance per worker thread.
    private func resolveParallelism(_ stages: [PlanStage]) -> [Int?] {
        var resolved = Array<Int?>(repeating: nil, count: stages.count)
        for stage in stages {
            switch stage.parallelism {
            case .fixed(let count): resolved[stage.id] = count
            case .perWorker: resolved[stage.id] = nil
            case .inherit: resolved[stage.id] = stage.inputs.first.flatMap { resolved[$0.stage] }
            }
        }
        return resolved
    }
}
