import Foundation
import SlipstreamLearn
import Testing

/// Analytic gradients against central finite differences, and the invariant updates against the flow they solve.
@Suite struct GradientTests {
    static let margins: [Double] = [-8, -2.5, -0.3, 0, 0.4, 1.7, 6]

    @Test(arguments: margins)
    func logisticGradientMatchesFiniteDifferences(margin: Double) {
        let loss = LogisticLoss()
        let h = 1e-5
        for target in [0.0, 1.0] {
            let numeric = (loss.loss(prediction: margin + h, target: target) - loss.loss(prediction: margin - h, target: target)) / (2 * h)
            #expect(abs(loss.gradient(prediction: margin, target: target) - numeric) < 1e-7)
        }
    }

    @Test(arguments: margins)
    func squaredGradientMatchesFiniteDifferences(margin: Double) {
        let loss = SquaredLoss()
        let h = 1e-5
        for target in [-3.0, 0.5, 10] {
            let numeric = (loss.loss(prediction: margin + h, target: target) - loss.loss(prediction: margin - h, target: target)) / (2 * h)
            #expect(abs(loss.gradient(prediction: margin, target: target) - numeric) < 1e-6)
        }
    }

    /// The weight gradient a learner applies (`gradient * x`) is the derivative of the event's loss with respect to
    /// each weight: one SGD step with a tiny rate moves each weight by `-rate * dL/dw`.
    @Test func sgdStepFollowsTheWeightGradient() throws {
        var learner = try LogisticRegression(hashBits: 18, denseSlots: 2,
                                             optimizer: .sgd(SGD(learningRate: 1e-3)), fitIntercept: false)
        var x = FeatureVector(hashBits: 18, denseSlots: 2)
        x.appendDense(slot: 0, value: 1.5, hash: 1)
        x.appendDense(slot: 1, value: -0.5, hash: 2)
        x.append(hash: 77, value: 2)
        // Give the weights non-zero values first.
        for _ in 0..<50 { learner.learn(x, target: 1) }
        let before = x.entries.map { learner.core.table.weight(slot: Int($0.index)) }
        let margin = learner.core.margin(x)
        learner.learn(x, target: 0)
        let after = x.entries.map { learner.core.table.weight(slot: Int($0.index)) }
        // dL/dw_i by finite differences of the loss in w_i (through the margin).
        let loss = LogisticLoss()
        for (i, e) in x.entries.enumerated() {
            let h = 1e-4
            let dm = h * Double(e.value)
            let numeric = (loss.loss(prediction: margin + dm, target: 0) - loss.loss(prediction: margin - dm, target: 0)) / (2 * h)
            let step = Double(after[i] - before[i])
            #expect(abs(step - (-1e-3 * numeric)) < 1e-6)
        }
    }

    /// Cross-entropy of a softmax over margins: d/dm_k = p_k - [k == y].
    @Test func softmaxGradientMatchesFiniteDifferences() throws {
        let margins = [0.3, -1.2, 2.0]
        func crossEntropy(_ m: [Double], _ y: Int) -> Double {
            let top = m.max()!
            let z = m.map { exp($0 - top) }.reduce(0, +)
            return -(m[y] - top - log(z))
        }
        let z = margins.map(exp).reduce(0, +)
        let p = margins.map { exp($0) / z }
        for y in 0..<3 {
            for k in 0..<3 {
                var plus = margins, minus = margins
                plus[k] += 1e-5
                minus[k] -= 1e-5
                let numeric = (crossEntropy(plus, y) - crossEntropy(minus, y)) / 2e-5
                #expect(abs((p[k] - (k == y ? 1 : 0)) - numeric) < 1e-6)
            }
        }
    }

    @Test(arguments: margins)
    func logisticInvariantUpdateSolvesTheFlow(margin: Double) {
        let loss = LogisticLoss()
        for target in [0.0, 1.0] {
            for (scale, ppu) in [(0.5, 0.8), (3.0, 2.0), (50.0, 1.5)] {
                let u = loss.invariantUpdate(prediction: margin, target: target, scale: scale, predictionPerUpdate: ppu)
                let y = target > 0.5 ? 1.0 : -1.0
                let s0 = y * margin, s1 = y * (margin + ppu * u)
                // The flow ds/dh = scale * ppu / (1 + e^s) integrates to s + e^s = s0 + e^s0 + scale * ppu.
                if s0 < 30 {
                    #expect(abs((s1 + exp(s1)) - (s0 + exp(s0) + scale * ppu)) < 1e-6 * max(1, exp(s1)))
                }
                // It never overshoots: the margin moves towards the label and stays finite.
                #expect(s1 >= s0 && s1.isFinite)
            }
            // Tiny steps are first order: -scale * gradient.
            let tiny = loss.invariantUpdate(prediction: margin, target: target, scale: 1e-9, predictionPerUpdate: 1)
            #expect(abs(tiny - (-1e-9 * loss.gradient(prediction: margin, target: target))) < 1e-15)
        }
    }

    @Test func squaredInvariantUpdateNeverPassesTheTarget() {
        let loss = SquaredLoss()
        for scale in [0.1, 1.0, 100.0] {
            let u = loss.invariantUpdate(prediction: 2, target: 10, scale: scale, predictionPerUpdate: 1)
            let next = 2 + u
            #expect(next > 2 && next <= 10)
            #expect(abs(next - (10 - 8 * exp(-scale))) < 1e-9)
        }
    }
}
