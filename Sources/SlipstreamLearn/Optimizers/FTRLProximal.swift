/// FTRL-Proximal (McMahan et al. 2013, "Ad Click Prediction: a View from the Trenches"), the per-coordinate
/// follow-the-regularized-leader update with L1 and L2: weights of features that do not earn their keep are
/// exactly zero.
///
/// Per slot it keeps `z` and `n` and, for fast prediction, the weight they imply:
/// `w = 0` if `|z| <= l1`, else `-(z - sign(z) l1) / ((beta + sqrt(n)) / alpha + l2)`.
public struct FTRLProximal: Codable, Hashable, Sendable {
    /// Floats per weight slot: weight, z, n.
    public static let width = 3

    /// Per-coordinate rate scale.
    public var alpha: Double
    /// Smoothing of the per-coordinate rate.
    public var beta: Double

    /// Creates the optimizer (River's defaults: alpha 0.05, beta 1).
    public init(alpha: Double = 0.05, beta: Double = 1) {
        self.alpha = alpha
        self.beta = beta
    }

    mutating func step(
        block: UnsafeMutablePointer<Float>, entries: UnsafeBufferPointer<FeatureEntry>, biasSlot: Int?,
        gradient: Double, regularization: Regularization
    ) {
        let g = Float(gradient), a = Float(alpha), b = Float(beta)
        let l1 = Float(regularization.l1), l2 = Float(regularization.l2)
        for e in entries {
            Self.update(block + Int(e.index) &* 3, g: g * e.value, alpha: a, beta: b, l1: l1, l2: l2)
        }
        if let biasSlot { Self.update(block + biasSlot &* 3, g: g, alpha: a, beta: b, l1: 0, l2: 0) }
    }

    @inlinable @inline(__always)
    static func update(_ p: UnsafeMutablePointer<Float>, g: Float, alpha: Float, beta: Float, l1: Float, l2: Float) {
        let n = p[2]
        let nNew = n + g * g
        let sigma = (nNew.squareRoot() - n.squareRoot()) / alpha
        let z = p[1] + g - sigma * p[0]
        p[1] = z
        p[2] = nNew
        if abs(z) <= l1 {
            p[0] = 0
        } else {
            let sign: Float = z < 0 ? -1 : 1
            p[0] = -(z - sign * l1) / ((beta + nNew.squareRoot()) / alpha + l2)
        }
    }
}
