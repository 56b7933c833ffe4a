import SlipstreamEngine

/// A planned pipeline: the engine ``DAG`` and, for each of its vertices, the plan stages it runs.
public struct PhysicalPlan: Sendable {
    /// One vertex of the DAG, as planned.
    public struct PlannedVertex: Sendable, Hashable {
        /// The vertex's name.
        public let name: String
        /// The names of the plan stages it runs (several when stateless stages were fused).
        public let stages: [String]
        /// The kinds of those stages.
        public let kinds: [PlanStageKind]
        /// Its instances (`nil`: one per cooperative worker thread).
        public let parallelism: Int?
        /// Whether it runs on the shared worker threads (`false`: a thread per instance, for blocking I/O).
        public let isCooperative: Bool
        /// What it reads or writes, when the stage says.
        public let detail: String?

        /// Whether several stages were fused into this vertex.
        public var isFused: Bool { stages.count > 1 }
    }

    /// The pipeline's name.
    public let pipelineName: String
    /// The DAG the engine runs.
    public let dag: DAG
    /// The vertices, in the DAG's order.
    public let vertices: [PlannedVertex]

    /// The vertex running the plan stage called `stage`.
    public func vertex(runningStage stage: String) -> PlannedVertex? {
        vertices.first { $0.stages.contains(stage) }
    }
}
