import Foundation
import SlipstreamLearn
import SlipstreamTestKit
import Testing

/// Every online metric against a brute-force computation over all the values at once.
@Suite struct MetricTests {
    /// Scores with many ties (rounded to 2 decimals) and labels correlated with them.
    static func sample(_ n: Int, seed: UInt64) -> [(score: Double, label: Bool)] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in
            let s = (Double.random(in: 0..<1, using: &rng) * 100).rounded() / 100
            return (s, Double.random(in: 0..<1, using: &rng) < 0.2 + 0.6 * s)
        }
    }

    /// AUC by definition: over all (positive, negative) pairs, 1 if the positive scores higher, 1/2 on a tie.
    static func bruteForceAUC(_ xs: ArraySlice<(score: Double, label: Bool)>) -> Double {
        let pos = xs.filter(\.label).map(\.score), neg = xs.filter { !$0.label }.map(\.score)
        var sum = 0.0
        for p in pos { for n in neg { sum += p > n ? 1 : p == n ? 0.5 : 0 } }
        return sum / Double(pos.count * neg.count)
    }

    @Test(arguments: [1, 7, 64])
    func aucEqualsBruteForce(mergeEvery: Int) {
        let xs = Self.sample(1500, seed: 1)
        var auc = ROCAUC(mergeEvery: mergeEvery)
        for (i, x) in xs.enumerated() {
            auc.update(score: x.score, label: x.label)
            if i == 700 { #expect(abs(auc.value - Self.bruteForceAUC(xs[...i])) < 1e-12) }
        }
        #expect(abs(auc.value - Self.bruteForceAUC(xs[...])) < 1e-12)
    }

    /// Raw margins (negative, zero of both signs, huge) sort like numbers.
    @Test func aucOrdersNegativeScoresAndSignedZeros() {
        var rng = SeededGenerator(seed: 6)
        var xs: [(score: Double, label: Bool)] = (0..<600).map { _ in
            let s = (rng.normal() * 3 * 10).rounded() / 10
            return (s, Double.random(in: 0..<1, using: &rng) < (s > 0 ? 0.7 : 0.3))
        }
        xs += [(-0.0, true), (0.0, false), (-1e300, false), (1e300, true), (-.infinity, false), (.infinity, true)]
        var auc = ROCAUC(mergeEvery: 50)
        for x in xs { auc.update(score: x.score, label: x.label) }
        #expect(abs(auc.value - Self.bruteForceAUC(xs[...])) < 1e-12)
    }

    @Test func rollingAUCEqualsBruteForceOverTheWindow() {
        let xs = Self.sample(900, seed: 2)
        var auc = RollingROCAUC(window: 250)
        for x in xs { auc.update(score: x.score, label: x.label) }
        #expect(abs(auc.value - Self.bruteForceAUC(xs.suffix(250))) < 1e-12)
    }

    @Test func aucIsUndefinedWithOneClass() {
        var auc = ROCAUC()
        auc.update(score: 0.3, label: true)
        #expect(auc.value.isNaN)
    }

    @Test func logLossAccuracyAndF1EqualBruteForce() {
        let xs = Self.sample(1000, seed: 3)
        var ll = LogLoss(), acc = Accuracy(), cm = ConfusionMatrix()
        for x in xs {
            ll.update(probability: x.score, label: x.label)
            acc.update(probability: x.score, label: x.label)
            cm.update(probability: x.score, label: x.label)
        }
        let clipped = xs.map { (min(max($0.score, 1e-15), 1 - 1e-15), $0.label) }
        let bruteLL = clipped.map { $0.1 ? -log($0.0) : -log(1 - $0.0) }.reduce(0, +) / Double(xs.count)
        let predicted = xs.map { $0.score >= 0.5 }
        let tp = Double(zip(predicted, xs).filter { $0 && $1.label }.count)
        let fp = Double(zip(predicted, xs).filter { $0 && !$1.label }.count)
        let fn = Double(zip(predicted, xs).filter { !$0 && $1.label }.count)
        #expect(abs(ll.value - bruteLL) < 1e-12)
        #expect(acc.value == Double(zip(predicted, xs).filter { $0 == $1.label }.count) / 1000)
        #expect(abs(cm.precision - tp / (tp + fp)) < 1e-12)
        #expect(abs(cm.recall - tp / (tp + fn)) < 1e-12)
        let p = tp / (tp + fp), r = tp / (tp + fn)
        #expect(abs(cm.f1 - 2 * p * r / (p + r)) < 1e-12)
    }

    @Test func regressionMetricsEqualBruteForce() {
        var rng = SeededGenerator(seed: 4)
        let ys = (0..<800).map { _ in rng.normal() * 3 + 1 }
        let ps = ys.map { $0 + rng.normal() }
        var mae = MAE(), rmse = RMSE(), r2 = R2(), recent = RollingMean(window: 100)
        for (p, y) in zip(ps, ys) {
            mae.update(prediction: p, target: y)
            rmse.update(prediction: p, target: y)
            r2.update(prediction: p, target: y)
            recent.update(abs(p - y))
        }
        let errors = zip(ps, ys).map { $0 - $1 }
        let mean = ys.reduce(0, +) / 800
        let sst = ys.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        let sse = errors.map { $0 * $0 }.reduce(0, +)
        #expect(abs(mae.value - errors.map(abs).reduce(0, +) / 800) < 1e-12)
        #expect(abs(rmse.value - (sse / 800).squareRoot()) < 1e-12)
        #expect(abs(r2.value - (1 - sse / sst)) < 1e-9)
        #expect(abs(recent.value - errors.suffix(100).map(abs).reduce(0, +) / 100) < 1e-9)
    }

    @Test func progressiveValidationPredictsBeforeLearning() throws {
        var learner = try LogisticRegression(hashBits: 18)
        var x = FeatureVector(hashBits: 18)
        x.append(hash: 3)
        var reports = 0
        var pv = ProgressiveValidation(learner: learner, task: .binary, reportEvery: 10) { _ in reports += 0 }
        let first = pv.step(x, target: 1)
        // The first prediction comes from an untrained model.
        #expect(first.score == 0.5)
        for _ in 0..<30 { pv.step(x, target: 1) }
        #expect(pv.metrics.count == 31)
        learner.learn(x, target: 1)
        #expect(pv.learner.score(x) > learner.score(x))
    }
}
