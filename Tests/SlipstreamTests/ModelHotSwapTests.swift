import Foundation
import SlipstreamEngine
import SlipstreamLearn
import Testing

@testable import Slipstream

/// The model versions a stage scored with, in order, each change once (the generator runs flat out).
final class VersionChanges: Sendable {
    private let lock = NSLock()
    private nonisolated(unsafe) var changes: [Int64] = []

    var items: [Int64] { lock.withLock { changes } }

    func record(_ version: Int64) {
        lock.withLock { if changes.last != version { changes.append(version) } }
    }
}

/// Score-only stages: the model they start from, and newer model files swapped in while they score.
@Suite struct ModelHotSwapTests {
    /// A model trained by hand on `count` payments, as a model file of version `version`.
    private func modelFile(trainedOn count: Int, version: Int64, schema: FeatureSchema<CardPayment> = paymentSchema)
        throws -> ModelFile
    {
        var encoder = try FeatureEncoder(spec: schema.spec)
        var model = try LogisticRegression(
            configuration: LearnerSpec.logisticRegression().configuration(
                hashBits: schema.spec.hashBits, denseSlots: encoder.denseSlots))
        var x = encoder.makeVector()
        for payment in makeCardPayments(count, seed: 99) {
            encoder.begin(&x)
            encoder.addNumeric(0, payment.amount, to: &x)
            encoder.addCategorical(0, payment.merchant, to: &x)
            encoder.finish(&x)
            model.learn(x, target: payment.isFraud ? 1 : 0)
        }
        return ModelFile(learner: model, encoder: encoder, metadata: [ModelMetadataKey.version: String(version)])
    }

    /// Waits until `condition` holds (the watcher works on its own thread), for at most a generous while.
    private func wait(until condition: () -> Bool) {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
    }

    @Test func aScoreOnlyStageSwapsInNewerModelsAndIgnoresBadFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hot-swap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("fraud.model")
        try modelFile(trainedOn: 200, version: 1).write(to: url)

        let versions = VersionChanges()
        let pipeline = Pipeline("hot-swap") { p in
            p.read(.generator(count: nil) { i in
                CardPayment(id: "p-\(i)", merchant: "m-\(i % 10)", amount: Double(i % 500), time: Int64(i), isFraud: false)
            }, name: "payments")
            .features(paymentSchema)
            .score(
                with: .logisticRegression(), id: \.id,
                mode: .scoreOnly(.file(url.path), reloadEvery: .milliseconds(20)))
            .peek { versions.record($0.modelVersion) }
            .filter { _ in false }
            .write(.collect(into: Collector()))
        }
        let job = try pipeline.start(quietLearningConfiguration)
        defer { job.cancel() }
        func failures() -> Int { job.metrics[vertex: "score"]?.counters[LearningCounterNames.modelReloadFailures] ?? 0 }

        wait { versions.items.contains(1) }
        #expect(versions.items == [1])

        // Half a file, then a model of other features: both refused, the stage keeps scoring with version 1.
        let good = try modelFile(trainedOn: 400, version: 2).serialized()
        // Atomically, like every write here: a watcher that caught a file half-way through a plain write would
        // count one more refusal.
        try Data(good.prefix(good.count / 2)).write(to: url, options: .atomic)
        wait { failures() >= 1 }
        let otherFeatures = FeatureSchema<CardPayment>(hashBits: 18) {
            NumericFeature("amount") { $0.amount }
            CategoricalFeature("country") { $0.merchant }
        }
        try modelFile(trainedOn: 10, version: 7, schema: otherFeatures).write(to: url)
        wait { failures() >= 2 }
        #expect(failures() == 2)
        #expect(versions.items == [1])

        try Data(good).write(to: url, options: .atomic)
        wait { versions.items.contains(2) }
        #expect(versions.items.suffix(1) == [2])
        #expect(job.metrics[vertex: "score"]?.counters[LearningCounterNames.modelSwaps] == 1)
        let figures = try #require(LearningMonitor.shared.servingFigures(pipeline: "hot-swap").first)
        #expect(!figures.isLearning)
    }

    @Test func aScoreOnlyStageWithoutAUsableModelDoesNotStart() throws {
        let missing = Pipeline("hot-swap-missing") { p in
            p.read(.sequence(makeCardPayments(5)), name: "payments").features(paymentSchema)
                .score(with: .logisticRegression(), id: \.id, mode: .scoreOnly(.file("/nonexistent/fraud.model")))
                .write(.collect(into: Collector()))
        }
        #expect(throws: (any Error).self) { try missing.run(quietLearningConfiguration) }

        let garbage = Pipeline("hot-swap-garbage") { p in
            p.read(.sequence(makeCardPayments(5)), name: "payments").features(paymentSchema)
                .score(with: .logisticRegression(), id: \.id, mode: .scoreOnly(.bytes(Array("not a model".utf8))))
                .write(.collect(into: Collector()))
        }
        #expect(throws: (any Error).self) { try garbage.run(quietLearningConfiguration) }

        let bytes = try modelFile(trainedOn: 50, version: 3).serialized()
        let scores = Collector<Scored<CardPayment>>()
        try Pipeline("hot-swap-bytes") { p in
            p.read(.sequence(makeCardPayments(5)), name: "payments").features(paymentSchema)
                .score(with: .logisticRegression(), id: \.id, mode: .scoreOnly(.bytes(bytes)))
                .write(.collect(into: scores))
        }.run(quietLearningConfiguration)
        #expect(scores.items.map(\.modelVersion) == [3, 3, 3, 3, 3])
    }

    @Test func learningModesFromCommandLineOptions() throws {
        #expect(try LearningMode(scoreOnly: false) == .learning)
        #expect(try LearningMode(scoreOnly: false, publishModelTo: "m") == .learning(publishingModelTo: "m"))
        #expect(try LearningMode(scoreOnly: true, modelPath: "m").modelSource == .file("m"))
        #expect(try LearningMode(scoreOnly: true, fromSnapshot: true).modelSource == .snapshot)
        #expect(throws: PipelineError.self) { try LearningMode(scoreOnly: true) }
        #expect(throws: PipelineError.self) { try LearningMode(scoreOnly: true, modelPath: "m", fromSnapshot: true) }
        #expect(throws: PipelineError.self) { try LearningMode(scoreOnly: false, modelPath: "m") }
        #expect(throws: PipelineError.self) { try LearningMode(scoreOnly: true, modelPath: "m", publishModelTo: "n") }
    }
}
