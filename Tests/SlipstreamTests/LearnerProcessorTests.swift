import Foundation
import SlipstreamEngine
import SlipstreamLearn
import SlipstreamTestKit
import Testing

@testable import Slipstream

/// The scoring stage's processor driven input by input (``verifyProcessor``: every run is repeated with a
/// snapshot and a restore into a fresh instance after every call), against the same work done by hand.
@Suite struct LearnerProcessorTests {
    typealias Input = LearnerInput<CardPayment, String>

    private func factory(_ setup: ScoringSetup<CardPayment, String>) -> () throws -> LearnerProcessor<
        CardPayment, String, LogisticRegression
    > {
        { try LearnerProcessor(setup: setup) }
    }

    @Test func delayedLabelsTrainOnTheFeaturesThatWereServed() throws {
        let payments = makeCardPayments(40)
        let probe = CardPayment(id: "probe", merchant: "m-7", amount: 280, time: payments.last!.time + 1, isFraud: false)
        // Each label arrives five payments after its own: the running scaler has moved on meanwhile.
        var inputs: [TestEvent<Input>] = []
        for (i, payment) in payments.enumerated() {
            inputs.append(.item(.event(payment)))
            if i >= 5 {
                let labelled = payments[i - 5]
                inputs.append(.item(.label(id: labelled.id, value: labelled.isFraud ? 1 : 0, time: labelled.time + 1)))
            }
        }
        for labelled in payments.suffix(5) {
            inputs.append(.item(.label(id: labelled.id, value: labelled.isFraud ? 1 : 0, time: labelled.time + 1)))
        }
        inputs.append(.item(.event(probe)))

        // By hand: keep each payment's served vector, learn it when its label comes.
        var reference = try ReferenceScorer([.logisticRegression()])
        var reencoding = try ReferenceScorer([.logisticRegression()])
        var served: [String: FeatureVector] = [:]
        var expectedScores: [Double] = []
        for input in inputs {
            switch input {
            case .item(.event(let payment)):
                let x = reference.encode(payment)
                expectedScores.append(reference.learners[0].score(x))
                served[payment.id] = x
                let y = reencoding.encode(payment)
                _ = y
            case .item(.label(let id, let value, _)):
                reference.learn(served[id]!, target: value)
                // The mistake this stage exists to avoid: encoding the event again when its label comes.
                let payment = payments.first { $0.id == id }!
                reencoding.learn(reencoding.encode(payment), target: value)
            default: break
            }
        }
        let probeFeatures = served["probe"]!
        #expect(reencoding.learners[0].score(probeFeatures) != expectedScores.last!)

        try verifyProcessor(factory(chargebackSetup(within: .seconds(100))))
            .input(events: inputs)
            .verify { outputs in
                let scored = outputs[0].compactMap(\.item)
                try check(scored.map(\.event.id) == payments.map(\.id) + ["probe"], "one score per event, in order")
                try check(scored.map(\.score) == expectedScores, "scores \(scored.map(\.score)) != \(expectedScores)")
                try check(scored.last!.modelVersion == Int64(payments.count), "version \(scored.last!.modelVersion)")
                try check(scored.allSatisfy { $0.reasons.count <= 2 }, "at most two reasons")
            }
    }

    @Test func unlabelledEventsBecomeNegativesWhenTheirWindowCloses() throws {
        let payments = makeCardPayments(30, seed: 11)
        let within: Int64 = 5_000
        // Chargebacks of the fraudulent payments come two payments later; watermarks follow the payments.
        var inputs: [TestEvent<Input>] = []
        for (i, payment) in payments.enumerated() {
            inputs.append(.item(.event(payment)))
            if i >= 2, payments[i - 2].isFraud {
                inputs.append(.item(.label(id: payments[i - 2].id, value: 1, time: payment.time)))
            }
            inputs.append(.watermark(payment.time))
        }
        let probe = CardPayment(id: "probe", merchant: "m-3", amount: 40, time: payments.last!.time + 1, isFraud: false)
        inputs.append(.item(.event(probe)))

        var reference = try ReferenceScorer([.logisticRegression()])
        var waiting: [(payment: CardPayment, features: FeatureVector, labelled: Bool)] = []
        var expectedScores: [Double] = []
        var learned = 0
        for input in inputs {
            switch input {
            case .item(.event(let payment)):
                let x = reference.encode(payment)
                expectedScores.append(reference.learners[0].score(x))
                waiting.append((payment, x, false))
            case .item(.label(let id, let value, _)):
                let index = waiting.firstIndex { $0.payment.id == id }!
                reference.learn(waiting[index].features, target: value)
                waiting[index].labelled = true
                learned += 1
            case .watermark(let time):
                // A window closes once the watermark passes the event's time plus the bound.
                while let first = waiting.first, first.payment.time + within < time {
                    if !first.labelled {
                        reference.learn(first.features, target: 0)
                        learned += 1
                    }
                    waiting.removeFirst()
                }
            }
        }
        let closedBeforeProbe = learned - payments.filter(\.isFraud).count
        #expect(closedBeforeProbe > 0)
        #expect(payments.contains { $0.isFraud })

        try verifyProcessor(factory(chargebackSetup(within: .milliseconds(within))))
            .input(events: inputs)
            .verify { outputs in
                let scored = outputs[0].compactMap(\.item)
                try check(scored.map(\.score) == expectedScores, "scores differ from the reference")
                try check(scored.last!.modelVersion == Int64(learned), "version \(scored.last!.modelVersion), expected \(learned)")
            }
    }

    @Test func targetEncodersLearnEachLabelWhenItComesForTheValuesServed() throws {
        let schema = FeatureSchema<CardPayment>(hashBits: 18) {
            CategoricalFeature("merchant", encoding: .target(smoothing: 2)) { $0.merchant }
        }
        let payments = makeCardPayments(60, seed: 5)
        let within: Int64 = 8_000
        // Chargebacks of the fraudulent payments come three payments later; the others close as genuine once
        // the watermark passes their window.
        var inputs: [TestEvent<Input>] = []
        for (i, payment) in payments.enumerated() {
            inputs.append(.item(.event(payment)))
            if i >= 3, payments[i - 3].isFraud {
                inputs.append(.item(.label(id: payments[i - 3].id, value: 1, time: payment.time)))
            }
            inputs.append(.watermark(payment.time))
        }

        // By hand: one target encoder, learning each payment's label (or 0 at its window's close) as it comes.
        var encoder = TargetEncoder(smoothing: 2)
        var waiting: [(payment: CardPayment, labelled: Bool)] = []
        var expected: [Float] = []
        var versions: [Int64] = []
        var learned = 0
        for input in inputs {
            switch input {
            case .item(.event(let payment)):
                expected.append(Float(encoder.encode(key: TargetEncoder.key(payment.merchant))))
                versions.append(Int64(learned))
                waiting.append((payment, false))
            case .item(.label(let id, let value, _)):
                let index = waiting.firstIndex { $0.payment.id == id }!
                encoder.learn(key: TargetEncoder.key(waiting[index].payment.merchant), target: value)
                waiting[index].labelled = true
                learned += 1
            case .watermark(let time):
                while let first = waiting.first, first.payment.time + within < time {
                    if !first.labelled {
                        encoder.learn(key: TargetEncoder.key(first.payment.merchant), target: 0)
                        learned += 1
                    }
                    waiting.removeFirst()
                }
            }
        }
        #expect(learned > 20 && payments.contains(where: \.isFraud))
        #expect(Set(expected).count > 5)

        // Every call is also repeated after a snapshot and a restore: the waiting examples keep their values.
        try verifyProcessor(factory(chargebackSetup(within: .milliseconds(within), schema: schema)))
            .input(events: inputs)
            .verify { outputs in
                let scored = outputs[0].compactMap(\.item)
                // An encoding of 0 (nothing learnt yet) is no entry at all.
                let served = scored.map { $0.features.entries.first?.value ?? 0 }
                try check(served == expected, "served encodings \(served) != \(expected)")
                try check(scored.map(\.modelVersion) == versions, "versions \(scored.map(\.modelVersion))")
            }
    }

    @Test func unlabelledEventsAreOnlyCountedWhenDropped() throws {
        let payments = makeCardPayments(12, seed: 3)
        var inputs: [TestEvent<Input>] = payments.map { .item(.event($0)) }
        inputs.append(.watermark(payments.last!.time + 60_000))
        inputs.append(.item(.event(payments[0])))
        try verifyProcessor(factory(chargebackSetup(within: .seconds(1), unlabelled: .drop)))
            .input(events: inputs)
            .verify { outputs in
                let scored = outputs[0].compactMap(\.item)
                try check(scored.last!.modelVersion == 0, "nothing learned, got version \(scored.last!.modelVersion)")
                try check(scored.last!.score == 0.5, "an untrained model scores 0.5")
            }
    }

    @Test func championAndChallengerLearnTheSameExamplesAndTheServingOneScores() throws {
        let specs: [LearnerSpec] = [
            .logisticRegression(.ftrl(alpha: 0.1), name: "ftrl"),
            .logisticRegression(.sgd(learningRate: 0.05), name: "sgd"),
        ]
        let payments = makeCardPayments(60, seed: 5)
        var inputs: [TestEvent<Input>] = []
        for (i, payment) in payments.enumerated() {
            inputs.append(.item(.event(payment)))
            if i >= 3 {
                let labelled = payments[i - 3]
                inputs.append(.item(.label(id: labelled.id, value: labelled.isFraud ? 1 : 0, time: labelled.time)))
            }
        }
        var reference = try ReferenceScorer(specs)
        var served: [String: FeatureVector] = [:]
        var servingScores: [Double] = []
        for input in inputs {
            if case .item(.event(let payment)) = input {
                let x = reference.encode(payment)
                servingScores.append(reference.learners[1].score(x))
                served[payment.id] = x
            } else if case .item(.label(let id, let value, _)) = input {
                reference.learn(served[id]!, target: value)
            }
        }
        #expect(reference.learners[0].score(served["p-59"]!) != reference.learners[1].score(served["p-59"]!))

        try verifyProcessor(factory(chargebackSetup(specs, serving: 1, within: .seconds(1_000))))
            .input(events: inputs)
            .verify { outputs in
                let scored = outputs[0].compactMap(\.item)
                try check(scored.map(\.score) == servingScores, "the output is the serving learner's score")
            }
    }

    @Test func nonFiniteAndAbsurdInputNeverReachesTheWeights() throws {
        var payments = makeCardPayments(20, seed: 9)
        payments[3].amount = .nan
        payments[6].amount = .infinity
        payments[9].amount = 1e300
        payments[12].amount = -.infinity
        var inputs: [TestEvent<Input>] = []
        for payment in payments {
            inputs.append(.item(.event(payment)))
            inputs.append(.item(.label(id: payment.id, value: payment.isFraud ? 1 : 0, time: payment.time)))
        }
        // Labels that are not numbers are dropped; their events wait and close as negatives at the end.
        inputs.append(.item(.label(id: payments[0].id, value: .nan, time: payments[0].time)))
        inputs.append(.item(.event(CardPayment(id: "probe", merchant: "m-7", amount: 100, time: 0, isFraud: true))))

        var reference = try ReferenceScorer([.logisticRegression()])
        var expected: [Double] = []
        for payment in payments {
            let x = reference.encode(payment)
            expected.append(reference.learners[0].score(x))
            reference.learn(x, target: payment.isFraud ? 1 : 0)
        }
        expected.append(reference.learners[0].score(reference.encode(CardPayment(
            id: "probe", merchant: "m-7", amount: 100, time: 0, isFraud: true))))
        #expect(expected.allSatisfy { $0.isFinite })

        let counters = ProcessorCounters()
        try verifyProcessor(factory(chargebackSetup(within: .seconds(100))))
            .context { ProcessorContext(jobName: "test", vertexName: "score", counters: counters) }
            .input(events: inputs)
            .verify { outputs in
                let scored = outputs[0].compactMap(\.item)
                try check(scored.map(\.score) == expected, "bad values are missing values, nothing else")
                try check(scored.allSatisfy { $0.features.entries.allSatisfy { $0.value.isFinite } }, "finite features")
                try check(scored.last!.modelVersion == Int64(payments.count), "every valid label learned once")
            }
        // Four runs (with and without snapshots, two inbox sizes) each counted the four bad amounts and one bad label.
        #expect(counters.values[LearningCounterNames.invalidFeatures] == 4 * 4)
        #expect(counters.values[LearningCounterNames.invalidLabels] == 4 * 1)
    }
}
