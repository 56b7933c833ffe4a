import Foundation

/// Whether a scoring stage learns, or only scores with a model given to it: the switch behind
/// `run-pipeline run --score-only --model FILE | --from-snapshot`.
///
/// - ``learning``: the stage's learners start fresh (or from the restored snapshot) and learn from the labels.
///   ``learning(publishingModelTo:)`` also writes the serving model to a file after every completed snapshot,
///   for score-only workers to pick up.
/// - ``scoreOnly(_:reloadEvery:)``: the stage scores with the serving learner's model from a
///   ``ModelSource`` and never changes it; labels, if awaited, still feed the progressive metrics. A model file
///   is watched off the hot path and a newer, valid one is swapped in between two batches (a damaged or
///   mismatching file is logged, counted and ignored).
///
/// Pipelines take a mode from their settings and pass it to ``FeaturedStage/score(with:serving:id:mode:reasons:name:)``;
/// ``init(scoreOnly:modelPath:fromSnapshot:reloadEvery:publishModelTo:)`` turns command-line style options into one.
public struct LearningMode: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case learning(publishTo: String?)
        case scoreOnly(ModelSource, reload: Duration?)
    }

    let kind: Kind

    private init(kind: Kind) {
        self.kind = kind
    }

    /// Learn from the labels (the default).
    public static var learning: LearningMode { LearningMode(kind: .learning(publishTo: nil)) }

    /// Learn, and after every completed snapshot write the serving learner's model (the one saved in the
    /// snapshot) to `path`, atomically (written beside it, then renamed), for score-only workers.
    public static func learning(publishingModelTo path: String) -> LearningMode {
        LearningMode(kind: .learning(publishTo: path))
    }

    /// Score without learning, with the model from `source`; a file source is checked for a newer version every
    /// `reloadEvery` (`nil`: never).
    public static func scoreOnly(_ source: ModelSource, reloadEvery: Duration? = .seconds(2)) -> LearningMode {
        LearningMode(kind: .scoreOnly(source, reload: source.path == nil ? nil : reloadEvery))
    }

    /// A mode from command-line style options.
    ///
    /// - Parameters:
    ///   - scoreOnly: score without learning; then exactly one of `modelPath` and `fromSnapshot` is required.
    ///   - modelPath: the model file to score with (and to watch).
    ///   - fromSnapshot: score with the model of the snapshot the job restores.
    ///   - reloadEvery: how often the model file is checked for a newer version.
    ///   - publishModelTo: in learning mode, where to publish the model after each snapshot.
    /// - Throws: ``PipelineError`` for a contradictory combination, saying which flags to use.
    public init(
        scoreOnly: Bool, modelPath: String? = nil, fromSnapshot: Bool = false,
        reloadEvery: Duration? = .seconds(2), publishModelTo: String? = nil
    ) throws {
        guard scoreOnly else {
            guard modelPath == nil, !fromSnapshot else {
                throw PipelineError("a model file or --from-snapshot is only used with --score-only")
            }
            self = publishModelTo.map { .learning(publishingModelTo: $0) } ?? .learning
            return
        }
        guard publishModelTo == nil else {
            throw PipelineError("a score-only stage does not learn, so it has no model to publish")
        }
        switch (modelPath, fromSnapshot) {
        case (let path?, false): self = .scoreOnly(.file(path), reloadEvery: reloadEvery)
        case (nil, true): self = .scoreOnly(.snapshot, reloadEvery: nil)
        case (_?, true): throw PipelineError("--score-only takes either --model FILE or --from-snapshot, not both")
        case (nil, false): throw PipelineError("--score-only needs a model: --model FILE or --from-snapshot")
        }
    }

    /// Whether the stage learns.
    public var isLearning: Bool {
        if case .learning = kind { true } else { false }
    }

    /// The model source of a score-only mode.
    public var modelSource: ModelSource? {
        if case .scoreOnly(let source, _) = kind { source } else { nil }
    }

    public var description: String {
        switch kind {
        case .learning(nil): "learning"
        case .learning(let path?): "learning, publishing the model to \(path)"
        case .scoreOnly(let source, let reload):
            "score-only from \(source)" + (reload.map { ", checked every \($0)" } ?? "")
        }
    }
}

/// Where a score-only stage gets its model.
public struct ModelSource: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case file(String)
        case bytes([UInt8])
        case snapshot
    }

    let kind: Kind

    /// A model file (see `ModelFile`), read when the job starts; the job fails if it is missing or invalid.
    public static func file(_ path: String) -> ModelSource { ModelSource(kind: .file(path)) }

    /// The bytes of a model file, supplied at start.
    public static func bytes(_ bytes: [UInt8]) -> ModelSource { ModelSource(kind: .bytes(bytes)) }

    /// The serving learner's model in the snapshot the job restores (`model/<learner>`); the stage fails at its
    /// first event if the job restored none.
    public static var snapshot: ModelSource { ModelSource(kind: .snapshot) }

    var path: String? {
        if case .file(let path) = kind { path } else { nil }
    }

    public var description: String {
        switch kind {
        case .file(let path): "model file \(path)"
        case .bytes(let bytes): "\(bytes.count) bytes of model"
        case .snapshot: "the restored snapshot"
        }
    }
}
