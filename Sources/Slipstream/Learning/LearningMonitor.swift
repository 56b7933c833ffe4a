import Foundation

/// Where a running pipeline's scoring stages publish their learners' live figures, for the runner's progress
/// line and metrics endpoint: `LearningMonitor.shared.figures(pipeline: "fraud-detection")`.
///
/// Each scoring stage registers itself under its pipeline (job) and stage names when its job starts, and
/// publishes a copy of its figures about twice a second (and when it completes or stops) under a lock taken
/// only then: the scoring path itself takes no lock. Figures stay readable after the job ends, until a new job
/// of the same pipeline registers the same stage.
///
/// Reading is thread-safe and cheap (a copy of a few small values per learner).
public final class LearningMonitor: Sendable {
    /// The process-wide monitor every scoring stage publishes to.
    public static let shared = LearningMonitor()

    private let lock = NSLock()
    private nonisolated(unsafe) var boards: [BoardKey: LearnerBoard] = [:]

    /// Creates an empty monitor (tests; pipelines publish to ``shared``).
    public init() {}

    /// The figures of every learner of every scoring stage of `pipeline`, by stage then learner order.
    public func figures(pipeline: String) -> [LearnerFigures] {
        let boards = lock.withLock { self.boards.filter { $0.key.pipeline == pipeline } }
        return boards.sorted { $0.key.stage < $1.key.stage }.flatMap { $0.value.figures }
    }

    /// The figures of every learner of every pipeline.
    public var allFigures: [LearnerFigures] {
        let boards = lock.withLock { self.boards }
        return boards.sorted { ($0.key.pipeline, $0.key.stage) < ($1.key.pipeline, $1.key.stage) }
            .flatMap { $0.value.figures }
    }

    /// The figures of the serving learner of each scoring stage of `pipeline`.
    public func servingFigures(pipeline: String) -> [LearnerFigures] {
        figures(pipeline: pipeline).filter(\.isServing)
    }

    /// A fresh board for a stage, replacing the one of an earlier run.
    func register(pipeline: String, stage: String) -> LearnerBoard {
        let board = LearnerBoard()
        lock.withLock { boards[BoardKey(pipeline: pipeline, stage: stage)] = board }
        return board
    }

    private struct BoardKey: Hashable {
        var pipeline: String
        var stage: String
    }
}

/// The latest figures of one scoring stage: written by its processor at a low rate, read by anyone.
@usableFromInline
final class LearnerBoard: Sendable {
    private let lock = NSLock()
    private nonisolated(unsafe) var latest: [LearnerFigures] = []

    var figures: [LearnerFigures] { lock.withLock { latest } }

    func publish(_ figures: [LearnerFigures]) {
        lock.withLock { latest = figures }
    }
}
