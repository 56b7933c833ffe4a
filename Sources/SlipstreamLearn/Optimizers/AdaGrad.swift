/// AdaGrad (Duchi et al. 2011): a per-weight rate `rate / sqrt(sum of squared gradients)`, so rare features keep
/// large steps while frequent ones settle.
public struct AdaGrad: Codable, Hashable, Sendable {
    /// Floats per weight slot: weight, sum of squared gradients.
    public static let width = 2

    /// Base learning rate.
    public var learningRate: Double
    /// Added to the root of the accumulator (numerical safety).
    public var epsilon: Double

    /// Creates the optimizer (River's default rate is 0.1).
    public init(learningRate: Double = 0.1, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.epsilon = epsilon
    }

    mutating func step(
        block: UnsafeMutablePointer<Float>, entries: UnsafeBufferPointer<FeatureEntry>, biasSlot: Int?,
        gradient: Double, regularization: Regularization
    ) {
        let g = Float(gradient), rate = Float(learningRate), eps = Float(epsilon)
        let l2 = Float(regularization.l2), l1 = Float(regularization.l1)
        for e in entries {
            let p = block + Int(e.index) &* 2
            let gi = g * e.value + l2 * p[0]
            p[1] += gi * gi
            let r = rate / (p[1].squareRoot() + eps)
            var w = p[0] - r * gi
            if l1 > 0 { w = Regularization.shrink(w, by: r * l1) }
            p[0] = w
        }
        if let biasSlot {
            let p = block + biasSlot &* 2
            p[1] += g * g
            p[0] -= rate / (p[1].squareRoot() + eps) * g
        }
    }
}
