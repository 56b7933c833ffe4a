import Foundation
import SlipstreamEngine
import SlipstreamLearn
import Testing

@testable import Slipstream

/// Scoring stages through whole pipelines: features, scores out, delayed labels in, learning, figures.
@Suite struct LearningStageTests {
    /// The fraud pipeline in small: payments scored at once, chargebacks joined later by payment id.
    private func fraudPipeline(
        _ name: String, payments: [CardPayment], chargebacks: [Chargeback], learners: [LearnerSpec],
        serving: String? = nil, schema: FeatureSchema<CardPayment> = paymentSchema, within: Duration = .seconds(10),
        scores: Collector<Scored<CardPayment>>
    ) -> Pipeline {
        Pipeline(name) { p in
            let stream = p.read(.sequence(activity(payments, chargebacks)), name: "activity").timestamps(\.time)
            let paid = stream.compactMap(name: "payments") { $0.payment }
            let charged = stream.compactMap(name: "chargebacks") { $0.chargeback }
            let featured = paid.features(schema)
            let scored =
                learners.count > 1
                ? featured.score(with: learners[0], learners[1], serving: serving, id: \.id)
                : featured.score(with: learners[0], id: \.id)
            scored.write(.collect(into: scores))
            scored.awaitLabel(
                from: charged, on: \.paymentID, within: within, eventTime: \.time, labelTime: \.time
            ) { $0.isFraud }
            .learn()
        }
    }

    @Test func scoresEveryPaymentAndLearnsFromChargebacksThatComeLater() throws {
        let payments = makeCardPayments(3_000, seed: 21)
        let chargebacks = payments.filter(\.isFraud).map { Chargeback(paymentID: $0.id, time: $0.time + 90_000) }
        let scores = Collector<Scored<CardPayment>>()
        let pipeline = Pipeline("learning-fraud") { p in
            let stream = p.read(.sequence(activity(payments, chargebacks)), name: "activity").timestamps(\.time)
            let paid = stream.compactMap(name: "payments") { $0.payment }
            let charged = stream.compactMap(name: "chargebacks") { $0.chargeback }
            let scored = paid.features(paymentSchema)
                .score(with: .logisticRegression(.ftrl(alpha: 0.1)), id: \.id)
            scored.write(.collect(into: scores))
            scored.awaitLabel(
                from: charged, on: \.paymentID, within: .seconds(120), eventTime: \.time, labelTime: \.time
            ) { $0.isFraud }
            .learn()
        }
        let job = try pipeline.start(quietLearningConfiguration)
        try job.waitForCompletion()

        let scored = scores.items
        #expect(scored.count == payments.count)
        #expect(Set(scored.map(\.event.id)).count == payments.count)
        #expect(scored.allSatisfy { $0.score >= 0 && $0.score <= 1 })
        let counters = job.metrics[vertex: "score"]?.counters ?? [:]
        #expect(counters[LearningCounterNames.scored] == payments.count)
        #expect(counters[LearningCounterNames.labelsMatched] == chargebacks.count)
        #expect(counters[LearningCounterNames.windowsClosedUnlabelled] == payments.count - chargebacks.count)
        #expect(counters[LearningCounterNames.examplesLearned] == payments.count)

        let figures = LearningMonitor.shared.figures(pipeline: "learning-fraud")
        #expect(figures.count == 1)
        let serving = try #require(figures.first)
        #expect(serving.isServing && serving.isLearning)
        #expect(serving.examplesLearned == Int64(payments.count))
        #expect(serving.examplesJudged == Int64(payments.count))
        // The merchant tells fraud apart: progressive AUC (each payment judged by the score it was served) is
        // far above a coin's.
        #expect(serving.rocAUC > 0.8)
        #expect(serving.logLoss.isFinite)
        // Reasons name the schema's fields and the event's values.
        let late = scored.filter { $0.modelVersion > 1_500 && $0.event.merchant == "m-7" }
        #expect(late.contains { $0.reasons.contains { $0.feature == "merchant" && $0.value == "m-7" } })
    }

    @Test func targetEncodingWorksWithLabelsThatComeLater() throws {
        // The merchant alone, target-encoded: its encoding moves only if the chargebacks (and the windows closing
        // without one) reach the encoder. How far each payment's encoding has got depends on how the two paths
        // interleave; the exact values are checked input by input in LearnerProcessorTests.
        let schema = FeatureSchema<CardPayment>(hashBits: 18) {
            CategoricalFeature("merchant", encoding: .target(smoothing: 2)) { $0.merchant }
        }
        let payments = makeCardPayments(2_000, seed: 21)
        let chargebacks = payments.filter(\.isFraud).map { Chargeback(paymentID: $0.id, time: $0.time + 30_000) }
        let scores = Collector<Scored<CardPayment>>()
        let job = try fraudPipeline(
            "learning-target-encoded", payments: payments, chargebacks: chargebacks,
            learners: [.logisticRegression(.ftrl(alpha: 0.1))], schema: schema, within: .seconds(60), scores: scores
        ).start(quietLearningConfiguration)
        try job.waitForCompletion()

        #expect(Set(scores.items.map(\.event.id)).count == payments.count)
        let counters = job.metrics[vertex: "score"]?.counters ?? [:]
        #expect(counters[LearningCounterNames.labelsMatched] == chargebacks.count)
        #expect(counters[LearningCounterNames.examplesLearned] == payments.count)
        // Untrained, every merchant would encode as the empty prior, 0.
        let encodings = Set(scores.items.flatMap { $0.features.entries.map(\.value) })
        #expect(encodings.count > 10)
        #expect(encodings.contains { $0 > 0 && $0 < 1 })
    }

    @Test func championAndChallengerEachKeepTheirOwnMetrics() throws {
        let payments = makeCardPayments(2_000, seed: 4)
        let chargebacks = payments.filter(\.isFraud).map { Chargeback(paymentID: $0.id, time: $0.time + 5_000) }
        let scores = Collector<Scored<CardPayment>>()
        let learners: [LearnerSpec] = [
            .logisticRegression(.ftrl(alpha: 0.1), name: "ftrl"),
            .logisticRegression(.sgd(learningRate: 0.000_1), name: "slow-sgd"),
        ]
        let job = try fraudPipeline(
            "learning-champion", payments: payments, chargebacks: chargebacks, learners: learners, serving: "slow-sgd",
            scores: scores
        ).start(quietLearningConfiguration)
        try job.waitForCompletion()

        let figures = LearningMonitor.shared.figures(pipeline: "learning-champion")
        #expect(figures.map(\.learner) == ["ftrl", "slow-sgd"])
        #expect(figures.map(\.isServing) == [false, true])
        #expect(figures.allSatisfy { $0.examplesLearned == Int64(payments.count) && $0.examplesJudged == Int64(payments.count) })
        let ftrl = try #require(figures.first), sgd = try #require(figures.last)
        // The same examples, different learners, different results: FTRL learns the fraud pattern; an SGD with a
        // tiny rate barely moves from 0.5.
        #expect(ftrl.logLoss < sgd.logLoss)
        #expect(ftrl.rocAUC > 0.8)
        #expect(ftrl.recentROCAUC.isFinite && sgd.recentROCAUC.isFinite)
        // The output is the serving learner's: the slow one's scores stay near 0.5.
        #expect(scores.items.allSatisfy { abs($0.score - 0.5) < 0.2 })
    }

    @Test func inlineTargetsArePredictedThenLearned() throws {
        let payments = makeCardPayments(1_500, seed: 8)
        let scores = Collector<Scored<CardPayment>>()
        let pipeline = Pipeline("learning-inline") { p in
            p.read(.sequence(payments), name: "payments")
                .features(paymentSchema)
                .learn(with: .logisticRegression(.ftrl(alpha: 0.1))) { $0.isFraud ? 1 : 0 }
                .write(.collect(into: scores))
        }
        let job = try pipeline.start(quietLearningConfiguration)
        try job.waitForCompletion()
        #expect(scores.items.map(\.modelVersion) == (0..<Int64(payments.count)).map { $0 })
        let figures = try #require(LearningMonitor.shared.figures(pipeline: "learning-inline").first)
        #expect(figures.examplesLearned == Int64(payments.count))
        #expect(figures.rocAUC > 0.8)
    }

    @Test func labelsTheClosureIgnoresNeverReachTheStageAndBadOnesAreCounted() throws {
        let payments = makeCardPayments(300, seed: 13)
        // Disputes of every payment: fraud (label 1), "other" (ignored), and a corrupt amount (NaN).
        let chargebacks = payments.enumerated().map { i, payment in
            Chargeback(paymentID: payment.id, time: payment.time + 1_000, isFraud: i % 3 == 0)
        }
        let pipeline = Pipeline("learning-ignored-labels") { p in
            let stream = p.read(.sequence(activity(payments, chargebacks)), name: "activity").timestamps(\.time)
            let scored = stream.compactMap(name: "payments") { $0.payment }.features(paymentSchema)
                .score(with: .logisticRegression(), id: \.id)
            scored.write(.collect(into: Collector()))
            scored.awaitLabel(
                from: stream.compactMap(name: "chargebacks") { $0.chargeback }, on: \.paymentID, within: .seconds(5),
                eventTime: \.time, labelTime: \.time
            ) { chargeback -> Double? in
                chargeback.isFraud ? 1 : (chargeback.paymentID.hasSuffix("1") ? .nan : nil)
            }
            .learn(unlabelled: .drop)
        }
        let job = try pipeline.start(quietLearningConfiguration)
        try job.waitForCompletion()
        let counters = job.metrics[vertex: "score"]?.counters ?? [:]
        let fraud = chargebacks.filter(\.isFraud).count
        let corrupt = chargebacks.filter { !$0.isFraud && $0.paymentID.hasSuffix("1") }.count
        #expect(corrupt > 0)
        #expect(counters[LearningCounterNames.labelsMatched] == fraud)
        #expect(counters[LearningCounterNames.invalidLabels] == corrupt)
        #expect(counters[LearningCounterNames.labelsUnmatched] ?? 0 == 0)
        #expect(counters[LearningCounterNames.windowsClosedUnlabelled] == payments.count - fraud)
        #expect(counters[LearningCounterNames.examplesLearned] == fraud)
    }

    @Test func misusesAreReportedWhenThePipelineIsPlanned() throws {
        let payments = makeCardPayments(10)
        let notScored = Pipeline("learning-misuse") { p in
            let paid = p.read(.sequence(payments), name: "payments")
            let wrapped = paid.map { Scored(event: $0, score: 0, modelVersion: 0, features: FeatureVector(hashBits: 18), scoredAt: 0) }
            wrapped.awaitLabel(
                from: p.read(.sequence([Chargeback]()), name: "chargebacks"), on: \.paymentID, within: .seconds(1),
                eventTime: \.time, labelTime: \.time
            ) { $0.isFraud }
            wrapped.write(.collect(into: Collector()))
        }
        #expect(throws: PipelineError.self) { try notScored.describe() }

        let unknownServing = Pipeline("learning-serving") { p in
            p.read(.sequence(payments), name: "payments").features(paymentSchema)
                .score(with: .logisticRegression(name: "a"), serving: "b", id: \.id)
                .write(.collect(into: Collector()))
        }
        #expect(throws: PipelineError.self) { try unknownServing.describe() }

        let described = try Pipeline("learning-described") { p in
            let scored = p.read(.sequence(payments), name: "payments").timestamps(\.time).features(paymentSchema)
                .score(with: .logisticRegression(name: "a"), id: \.id)
            scored.write(.collect(into: Collector()))
            scored.awaitLabel(
                from: p.read(.sequence([Chargeback]()), name: "chargebacks").timestamps(\.time), on: \.paymentID,
                within: .seconds(60), eventTime: \.time, labelTime: \.time
            ) { $0.isFraud }
            .learn()
        }.describe()
        #expect(described.contains("score"))
        #expect(described.contains("labels within"))
    }
}
