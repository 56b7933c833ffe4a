import SlipstreamLearn
import SlipstreamTestKit
import Testing

/// Learners recover the weights of the model that generated the data.
@Suite struct ConvergenceTests {
    static let trueWeights: [Float] = [2.0, -1.5, 0.5, 3.0]
    static let trueIntercept: Float = -0.7

    /// Dense events x ~ N(0, 1) with target w . x + b (+ noise) or a Bernoulli draw of its sigmoid.
    static func events(_ n: Int, logistic: Bool, noise: Double = 0.01, seed: UInt64 = 3) -> [(FeatureVector, Double)] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in
            var x = FeatureVector(hashBits: 18, denseSlots: 4)
            var m = Double(trueIntercept)
            for d in 0..<4 {
                let v = Float(rng.normal())
                x.appendDense(slot: d, value: v, hash: UInt32(d))
                m += Double(trueWeights[d] * v)
            }
            if logistic {
                return (x, Double.random(in: 0..<1, using: &rng) < Sigmoid.value(m) ? 1 : 0)
            }
            return (x, m + noise * rng.normal())
        }
    }

    static func weights(_ core: LinearCore) -> [Float] {
        (0..<4).map { core.table.weight(slot: (1 << 18) + $0) }
    }

    @Test(arguments: [
        Optimizer.sgd(SGD(learningRate: 0.02)),
        .sgd(SGD(learningRate: 0.1, schedule: .inverseScaling(powerT: 0.25))),
        .adaGrad(AdaGrad(learningRate: 0.5)),
        .adaptive(AdaptiveNormalized(learningRate: 1.0, powerT: 0.5)),
        .adaptive(AdaptiveNormalized(learningRate: 1.0, powerT: 0.25)),
        .ftrl(FTRLProximal(alpha: 0.5, beta: 1)),
    ])
    func linearRegressionRecoversWeights(optimizer: Optimizer) throws {
        var learner = try LinearRegression(hashBits: 18, denseSlots: 4, optimizer: optimizer)
        for (x, y) in Self.events(20_000, logistic: false) { learner.learn(x, target: y) }
        for (w, t) in zip(Self.weights(learner.core), Self.trueWeights) { #expect(abs(w - t) < 0.05, "\(optimizer.kind): \(w) vs \(t)") }
        #expect(abs(learner.core.table.weight(slot: learner.core.biasSlot) - Self.trueIntercept) < 0.05)
    }

    @Test(arguments: [
        Optimizer.sgd(SGD(learningRate: 0.5, schedule: .inverseScaling(powerT: 0.5))),
        .adaGrad(AdaGrad(learningRate: 0.2)),
        .adaptive(AdaptiveNormalized(learningRate: 0.5, powerT: 0.5)),
        .ftrl(FTRLProximal(alpha: 0.2, beta: 1)),
    ])
    func logisticRegressionRecoversWeights(optimizer: Optimizer) throws {
        var learner = try LogisticRegression(hashBits: 18, denseSlots: 4, optimizer: optimizer)
        for (x, y) in Self.events(60_000, logistic: true) { learner.learn(x, target: y) }
        // Bernoulli noise: a tolerance of 15% of each weight's size.
        for (w, t) in zip(Self.weights(learner.core), Self.trueWeights) {
            #expect(abs(w - t) < 0.15 * max(1, abs(t)), "\(optimizer.kind): \(w) vs \(t)")
        }
    }

    @Test func softmaxSeparatesThreeClasses() throws {
        var learner = try SoftmaxRegression(hashBits: 18, denseSlots: 2)
        var rng = SeededGenerator(seed: 5)
        let centres: [(Float, Float)] = [(3, 0), (-3, 0), (0, 3)]
        var correct = 0
        for i in 0..<6000 {
            let c = i % 3
            var x = FeatureVector(hashBits: 18, denseSlots: 2)
            x.appendDense(slot: 0, value: centres[c].0 + Float(rng.normal()) * 0.5, hash: 0)
            x.appendDense(slot: 1, value: centres[c].1 + Float(rng.normal()) * 0.5, hash: 1)
            if i >= 3000 && learner.predictClass(x) == c { correct += 1 }
            learner.learn(x, target: Double(c))
        }
        #expect(learner.classCount == 3)
        #expect(correct > 2900)
        let p = learner.predictProbabilities({ var x = FeatureVector(hashBits: 18, denseSlots: 2); x.appendDense(slot: 0, value: 3, hash: 0); return x }())
        #expect(abs(p.reduce(0, +) - 1) < 1e-9 && p[0] > 0.9)
    }

    @Test func reasonCodesRankContributions() throws {
        var learner = try LinearRegression(hashBits: 18, denseSlots: 4)
        for (x, y) in Self.events(5000, logistic: false) { learner.learn(x, target: y) }
        var x = FeatureVector(hashBits: 18, denseSlots: 4)
        for d in 0..<4 { x.appendDense(slot: d, value: 1, hash: UInt32(d), namespace: UInt16(d)) }
        let reasons = learner.reasonCodes(x, top: 2)
        // Largest |weight|: slot 3 (3.0), then slot 0 (2.0).
        #expect(reasons.map(\.namespace) == [3, 0])
        #expect(reasons[0].contribution > reasons[1].contribution)
    }

    /// Every `top: k` list is the first k of the full ranking, and the full ranking holds every feature that
    /// moved the margin, by decreasing magnitude of its contribution.
    @Test func reasonCodesAreThePrefixOfTheFullRanking() throws {
        var learner = try LinearRegression(hashBits: 18, denseSlots: 4)
        for (x, y) in Self.events(5000, logistic: false) { learner.learn(x, target: y) }
        var x = FeatureVector(hashBits: 18, denseSlots: 4)
        let values: [Float] = [0.5, -2, 1.5, 3]
        for d in 0..<4 { x.appendDense(slot: d, value: values[d], hash: UInt32(d), namespace: UInt16(d)) }
        let all = learner.reasonCodes(x, top: 10)
        #expect(all.count == 4)
        #expect(zip(all, all.dropFirst()).allSatisfy { abs($0.contribution) >= abs($1.contribution) })
        #expect(Set(all.map(\.namespace)) == [0, 1, 2, 3])
        for k in 1...4 {
            #expect(learner.reasonCodes(x, top: k).map(\.namespace) == all.prefix(k).map(\.namespace))
        }
    }
}
