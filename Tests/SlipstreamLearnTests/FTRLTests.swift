import SlipstreamLearn
import SlipstreamTestKit
import Testing

@Suite struct FTRLTests {
    /// Two informative features and many pure-noise ones: with L1 the noise weights are exactly zero (not merely
    /// small), and the informative ones are not.
    @Test func l1GivesExactZeros() throws {
        var learner = try LogisticRegression(hashBits: 18, optimizer: .ftrl(FTRLProximal(alpha: 0.1, beta: 1)),
                                             regularization: Regularization(l1: 10, l2: 1))
        var rng = SeededGenerator(seed: 9)
        let noiseHashes = (0..<200).map { UInt32(1000 + $0) }
        for _ in 0..<20_000 {
            var x = FeatureVector(hashBits: 18)
            let signal = Bool.random(using: &rng)
            x.append(hash: signal ? 1 : 2, value: 1, namespace: 0)
            x.append(hash: noiseHashes[Int.random(in: 0..<200, using: &rng)], value: 1, namespace: 1)
            let p = signal ? 0.9 : 0.1
            learner.learn(x, target: Double.random(in: 0..<1, using: &rng) < p ? 1 : 0)
        }
        let noise = noiseHashes.map { learner.core.table.weight(slot: Int($0)) }
        #expect(noise.filter { $0 == 0 }.count >= 190, "noise weights: \(noise.filter { $0 != 0 })")
        #expect(learner.core.table.weight(slot: 1) > 0.5)
        #expect(learner.core.table.weight(slot: 2) < -0.5)
    }

    @Test func withoutL1NoiseWeightsAreNotZero() throws {
        var learner = try LogisticRegression(hashBits: 18, optimizer: .ftrl(FTRLProximal(alpha: 0.1, beta: 1)),
                                             regularization: Regularization(l1: 0, l2: 1))
        var x = FeatureVector(hashBits: 18)
        x.append(hash: 42, value: 1)
        learner.learn(x, target: 1)
        #expect(learner.core.table.weight(slot: 42) != 0)
    }

    @Test func sgdWithL1AlsoZeroesWeights() throws {
        var learner = try LogisticRegression(hashBits: 18, optimizer: .sgd(SGD(learningRate: 0.1)),
                                             regularization: Regularization(l1: 1))
        var x = FeatureVector(hashBits: 18)
        x.append(hash: 7, value: 1)
        for i in 0..<100 { learner.learn(x, target: Double(i % 2)) }
        #expect(learner.core.table.weight(slot: 7) == 0)
    }
}
