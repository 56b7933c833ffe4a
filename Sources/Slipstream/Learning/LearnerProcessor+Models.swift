import Foundation
import SlipstreamEngine
import SlipstreamLearn

extension LearnerProcessor {
    /// Makes the learners for the stage's mode: every spec, fresh, when learning; the serving learner loaded
    /// from its source in score-only mode.
    mutating func prepareLearners() throws {
        let stage = context?.vertexName
        if setup.mode.isLearning {
            encoder.isLearning = true
            learners = try setup.learners.map { spec in
                try Model(configuration: spec.configuration(hashBits: setup.schema.spec.hashBits, denseSlots: encoder.denseSlots))
            }
            learnerNames = setup.learners.map(\.name)
            serving = setup.serving
        } else {
            let spec = setup.servingSpec
            learners = [
                try Model(configuration: spec.configuration(hashBits: setup.schema.spec.hashBits, denseSlots: encoder.denseSlots))
            ]
            learnerNames = [spec.name]
            serving = 0
            encoder.isLearning = false
            switch setup.mode.modelSource?.kind {
            case .file(let path)?:
                let signature = FileSignature(path: path)
                let file: ModelFile
                do {
                    file = try ModelFile.read(from: URL(fileURLWithPath: path), expecting: setup.schema.spec)
                } catch {
                    throw PipelineError("cannot score with the model file \(path): \(error)", stage: stage)
                }
                try load(file, origin: "the model file \(path)")
                if case .scoreOnly(_, let reload?) = setup.mode.kind {
                    let spec = setup.schema.spec
                    let model = setup.servingSpec.model
                    let watcher = ModelWatcher(
                        path: path, interval: reload, signature: signature, logger: logger,
                        failures: counters.modelReloadFailures,
                        prepare: { file in try Self.prepare(file, spec: spec, model: model) })
                    watcher.start()
                    self.watcher = watcher
                }
            case .bytes(let bytes)?:
                do {
                    try load(try ModelFile.parse(bytes, expecting: setup.schema.spec), origin: "the model bytes given")
                } catch let error as PipelineError {
                    throw error
                } catch {
                    throw PipelineError("cannot score with the model bytes given: \(error)", stage: stage)
                }
            case .snapshot?, nil:
                break
            }
        }
        learned = Array(repeating: 0, count: learners.count)
        metrics = learners.indices.map { _ in
            LearnerMetrics(isBinary: setup.servingSpec.model == .logistic, recentWindow: setup.recentWindow)
        }
    }

    /// Checks that a model file fits the stage: its features, its model family.
    static func validate(_ file: ModelFile, spec: FeatureSpec, model: ModelKind) throws {
        guard let stored = file.encoder?.spec else {
            throw PipelineError("the model file has no feature specification")
        }
        guard stored == spec else {
            throw PipelineError("the model file was trained on other features than the stage's schema")
        }
        guard file.configuration.model == model else {
            throw PipelineError("the model file holds a \(file.configuration.model) model, the stage serves \(model)")
        }
    }

    /// Builds the learner of a valid model file, with its transforms frozen for scoring.
    static func prepare(_ file: ModelFile, spec: FeatureSpec, model: ModelKind) throws -> PreparedModel {
        try validate(file, spec: spec, model: model)
        guard var encoder = file.encoder else { throw PipelineError("the model file has no feature transforms") }
        encoder.isLearning = false
        return PreparedModel(
            learner: try Model(configuration: file.configuration, core: file.core), encoder: encoder,
            version: version(of: file))
    }

    /// Serves `file` from now on (score-only).
    mutating func load(_ file: ModelFile, origin: String) throws {
        do {
            use(try Self.prepare(file, spec: setup.schema.spec, model: setup.servingSpec.model))
        } catch {
            throw PipelineError("cannot score with \(origin): \(error)", stage: context?.vertexName)
        }
    }

    /// Serves a prepared model from now on (score-only): assignments only.
    mutating func use(_ prepared: PreparedModel) {
        guard let learner = prepared.learner as? Model else { return }
        learners[0] = learner
        encoder = prepared.encoder
        loadedVersion = prepared.version
        hasModel = true
    }

    /// A model file's version: its `version` metadata, else its examples learned.
    static func version(of file: ModelFile) -> Int64 {
        Int64(file.metadata[ModelMetadataKey.version] ?? "") ?? Int64(file.metadata[ModelMetadataKey.examples] ?? "") ?? 0
    }

    /// Swaps in the model the watcher validated, if a newer one is ready: between two batches, so every batch
    /// is scored by one model.
    @usableFromInline
    mutating func swapInNewerModel() {
        guard let watcher else { return }
        let generation = watcher.generation.value
        guard generation != seenGeneration else { return }
        seenGeneration = generation
        guard let prepared = watcher.take() else { return }
        use(prepared)
        tally.modelSwaps += 1
        logger.info("scoring with model version \(loadedVersion) from now on")
    }

    /// Learner `i` as model-file bytes: its configuration, weights and optimizer state, the feature transforms,
    /// and its name, examples learned and version in the metadata.
    func modelFileBytes(_ i: Int) throws -> [UInt8] {
        var metadata = [
            ModelMetadataKey.learner: learnerNames[i],
            ModelMetadataKey.examples: String(learned[i]),
            ModelMetadataKey.version: String(isScoreOnly ? loadedVersion : learned[i]),
            ModelMetadataKey.serving: String(i == serving),
        ]
        if let context {
            metadata[ModelMetadataKey.pipeline] = context.jobName
            metadata[ModelMetadataKey.stage] = context.vertexName
        }
        do {
            return try ModelFile(learner: learners[i], encoder: encoder, metadata: metadata).serialized()
        } catch {
            throw PipelineError("cannot save learner '\(learnerNames[i])': \(error)", stage: context?.vertexName)
        }
    }
}

/// The metadata keys of the model files a scoring stage writes (in snapshots and when publishing).
public enum ModelMetadataKey {
    /// The learner's name.
    public static let learner = "learner"
    /// Examples it had learned.
    public static let examples = "examples"
    /// The model version (examples learned, for a learning stage).
    public static let version = "version"
    /// `true` for the serving learner.
    public static let serving = "serving"
    /// The pipeline that wrote it.
    public static let pipeline = "pipeline"
    /// The scoring stage that wrote it.
    public static let stage = "stage"
}
