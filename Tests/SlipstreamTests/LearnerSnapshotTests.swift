import Foundation
import SlipstreamEngine
import SlipstreamLearn
import SlipstreamTestKit
import Testing

@testable import Slipstream

/// What a scoring stage saves in snapshots, and how a fresh instance continues from them.
@Suite struct LearnerSnapshotTests {
    typealias Input = LearnerInput<CardPayment, String>
    typealias Learner = LearnerProcessor<CardPayment, String, LogisticRegression>

    private let specs: [LearnerSpec] = [
        .logisticRegression(.ftrl(alpha: 0.1), name: "ftrl"), .logisticRegression(name: "adaptive"),
    ]

    private func context() -> ProcessorContext {
        ProcessorContext(jobName: "snapshot-tests", vertexName: "score")
    }

    /// Payments with their labels three payments later, watermarks closing windows after 8 s, then probes
    /// of every merchant; split in two at `split`.
    private func inputs(split: Int) -> (first: [TestEvent<Input>], second: [TestEvent<Input>]) {
        let payments = makeCardPayments(80, seed: 17)
        var events: [TestEvent<Input>] = []
        for (i, payment) in payments.enumerated() {
            events.append(.item(.event(payment)))
            if i >= 3, payments[i - 3].isFraud || i % 2 == 0 {
                let labelled = payments[i - 3]
                events.append(.item(.label(id: labelled.id, value: labelled.isFraud ? 1 : 0, time: payment.time)))
            }
            events.append(.watermark(payment.time))
        }
        for merchant in 0..<10 {
            events.append(.item(.event(CardPayment(
                id: "probe-\(merchant)", merchant: "m-\(merchant)", amount: 120, time: payments.last!.time + 1, isFraud: false))))
        }
        return (Array(events[..<split]), Array(events[split...]))
    }

    @Test func aRestoredStageContinuesExactlyLikeAnUninterruptedOne() throws {
        let setup = chargebackSetup(specs, serving: 0, within: .seconds(8))
        let (first, second) = inputs(split: 150)

        var uninterrupted = try ProcessorDriver({ try Learner(setup: setup) }, context: context())
        try uninterrupted.feed(first)
        let midway = try uninterrupted.snapshot()
        let scoredBefore = uninterrupted.output.count
        try uninterrupted.feed(second)
        let uninterruptedEnd = try uninterrupted.snapshot()

        var restored = try ProcessorDriver({ try Learner(setup: setup) }, context: context(), restoring: midway)
        try restored.feed(second)
        let restoredEnd = try restored.snapshot()

        // Examples were waiting for labels at the snapshot: they came back and were learned.
        let pending = try #require(midway.first { $0.key == Array("pending".utf8) })
        #expect(pending.value.count > 100)
        let tail = uninterrupted.output[scoredBefore...]
        #expect(restored.output.map(\.score) == tail.map(\.score))
        #expect(restored.output.map(\.modelVersion) == tail.map(\.modelVersion))
        // Same weights, optimizer state, transforms and example counts: the same model files, byte for byte.
        for name in ["ftrl", "adaptive"] {
            let key = Array("model/\(name)".utf8)
            let a = try #require(uninterruptedEnd.first { $0.key == key }?.value)
            let b = try #require(restoredEnd.first { $0.key == key }?.value)
            #expect(a == b)
            let file = try ModelFile.parse(a, expecting: paymentSchema.spec)
            #expect(file.metadata[ModelMetadataKey.learner] == name)
            #expect(file.metadata[ModelMetadataKey.examples] == String(tail.last!.modelVersion))
            #expect(file.metadata[ModelMetadataKey.serving] == String(name == "ftrl"))
            let metricsKey = Array("metrics/\(name)".utf8)
            #expect(uninterruptedEnd.first { $0.key == metricsKey }?.value == restoredEnd.first { $0.key == metricsKey }?.value)
        }
    }

    @Test func aChallengerAddedAfterARestartLearnsTheRestoredExamples() throws {
        let (first, second) = inputs(split: 150)
        var before = try ProcessorDriver(
            { try Learner(setup: chargebackSetup([self.specs[0]], within: .seconds(8))) }, context: context())
        try before.feed(first)
        let snapshot = try before.snapshot()

        // The restored examples were served by one learner; the stage now runs two.
        var after = try ProcessorDriver({ try Learner(setup: chargebackSetup(self.specs, within: .seconds(8))) }, context: context(), restoring: snapshot)
        try after.feed(second)
        try after.complete()
        let end = try after.snapshot()
        let files = try ["ftrl", "adaptive"].map { name in
            try ModelFile.parse(try #require(end.first { $0.key == Array("model/\(name)".utf8) }?.value))
        }
        let ftrlExamples = try #require(Int(files[0].metadata[ModelMetadataKey.examples] ?? ""))
        let adaptiveExamples = try #require(Int(files[1].metadata[ModelMetadataKey.examples] ?? ""))
        // The challenger learned everything labelled since the restart, restored examples included; it judged
        // only the scores it served itself.
        #expect(adaptiveExamples > 0)
        #expect(ftrlExamples > adaptiveExamples)
        #expect(after.output.allSatisfy { $0.score.isFinite })
    }

    @Test func scoreOnlyFromTheSnapshotServesItsModelAndNeverLearns() throws {
        let (first, second) = inputs(split: 150)
        var learning = try ProcessorDriver({ try Learner(setup: chargebackSetup(specs, within: .seconds(8))) }, context: context())
        try learning.feed(first)
        let snapshot = try learning.snapshot()
        let probes = second.filter {
            if case .item(.event(let payment)) = $0 { payment.id.hasPrefix("probe") } else { false }
        }
        // By hand: the snapshot's serving model file, its transforms frozen.
        let file = try ModelFile.parse(
            try #require(snapshot.first { $0.key == Array("model/ftrl".utf8) }?.value), expecting: paymentSchema.spec)
        let model = try file.makeLearner()
        var encoder = try #require(file.encoder)
        encoder.isLearning = false
        var x = encoder.makeVector()
        let expected = probes.compactMap { event -> Double? in
            guard case .item(.event(let payment)) = event else { return nil }
            encoder.begin(&x)
            encoder.addNumeric(0, payment.amount, to: &x)
            encoder.addCategorical(0, payment.merchant, to: &x)
            encoder.finish(&x)
            return model.score(x)
        }

        let scoreOnly = chargebackSetup(specs, within: .seconds(8), mode: .scoreOnly(.snapshot))
        var serving = try ProcessorDriver({ try Learner(setup: scoreOnly) }, context: context(), restoring: snapshot)
        try serving.feed(second.filter { if case .item(.event(let p)) = $0 { !p.id.hasPrefix("probe") } else { true } })
        try serving.feed(probes)
        // Labels kept coming, but the served model is the snapshot's: the probes score as they did there.
        #expect(serving.output.suffix(probes.count).map(\.score) == expected)
        let version = serving.output.first!.modelVersion
        #expect(version > 0)
        #expect(serving.output.allSatisfy { $0.modelVersion == version })

        var empty = try ProcessorDriver({ try Learner(setup: scoreOnly) }, context: context())
        #expect(throws: PipelineError.self) { try empty.feed(probes) }
    }

    @Test func aLearningStagePublishesTheSnapshotsModel() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("publish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("fraud.model").path
        let setup = chargebackSetup(specs, within: .seconds(8), mode: .learning(publishingModelTo: path))
        var stage = try ProcessorDriver({ try Learner(setup: setup) }, context: context())
        try stage.feed(inputs(split: 150).first)
        let snapshot = try stage.snapshot()
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try stage.commitSnapshot())
        try stage.close()

        let published = try ModelFile.read(from: URL(fileURLWithPath: path), expecting: paymentSchema.spec)
        let saved = try #require(snapshot.first { $0.key == Array("model/ftrl".utf8) }?.value)
        #expect(try published.serialized() == saved)
        #expect(published.metadata[ModelMetadataKey.serving] == "true")
    }
}
