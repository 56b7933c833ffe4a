import Foundation

/// The adaptive, normalized, importance-invariant update in the spirit of Vowpal Wabbit's default learner.
///
/// * **Adaptive** (AdaGrad-like): each weight's rate decays with its own accumulated squared gradient,
///   `G_i^-powerT`, so rare features learn fast and frequent ones settle.
/// * **Normalized** (Ross, Mineiro & Langford 2013, "Normalized Online Learning"): each weight remembers the
///   largest `|x_i|` seen, `N_i`, and its rate is scaled by `N_i^(2 powerT - 2)`; a global multiplier
///   `(examples / sum of |x / N|^2)^(1 - powerT)` corrects for how many features an event carries. Unscaled inputs
///   (an ordinal date next to a 0/1 flag) then learn as if they had been scaled.
/// * **Invariant** (Karampatziakis & Langford 2011): the step follows the loss's gradient flow exactly
///   (`Loss.invariantUpdate`), so a large rate cannot overshoot.
///
/// `powerT` 0.5 is Vowpal Wabbit's default; a smaller value keeps per-feature rates higher for longer, which tracks
/// drifting concepts (see the defaults of `LearnerConfiguration`).
public struct AdaptiveNormalized: Codable, Hashable, Sendable {
    /// Floats per weight slot: weight, squared-gradient sum, largest |x|, the rate of the current update.
    public static let width = 4

    /// Global learning rate.
    public var learningRate: Double
    /// Exponent of the per-feature decay (0 < powerT < 1).
    public var powerT: Double
    /// Importance-invariant steps (true) or plain first-order steps.
    public var invariant: Bool
    /// Sum of the weights of the examples learnt (the normalizer's denominator).
    public internal(set) var totalWeight: Double = 0
    /// Sum over examples of `|x / N|^2` (the normalizer's numerator).
    public internal(set) var normalizedSumNormX: Double = 0
    @usableFromInline var multiplier: Double = 1

    /// Creates the optimizer.
    public init(learningRate: Double = 0.5, powerT: Double = 0.5, invariant: Bool = true) {
        precondition(powerT > 0 && powerT < 1, "powerT must be in (0, 1)")
        self.learningRate = learningRate
        self.powerT = powerT
        self.invariant = invariant
    }

    /// `G^-p * N^(2p-2)`, with the common exponents computed without `pow` or division.
    @inlinable @inline(__always)
    func decay(accumulator g: Float, normalizer n: Float) -> Float {
        if powerT == 0.5 { return Self.inverseSquareRoot(g) / n }
        if powerT == 0.25 {
            let r = Self.inverseSquareRoot(n)
            return Self.inverseSquareRoot(g).squareRoot() * r * r * r
        }
        return powf(g, Float(-powerT)) * powf(n, Float(2 * powerT - 2))
    }

    /// `1 / sqrt(x)` to about 5e-6 relative error: a bit-level first guess and two Newton steps, several times
    /// cheaper than a square root and a division (per-feature rates need no more precision; VW uses a coarser one).
    @inlinable @inline(__always)
    static func inverseSquareRoot(_ x: Float) -> Float {
        var y = Float(bitPattern: 0x5f37_5a86 &- (x.bitPattern >> 1))
        let half = 0.5 * x
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        return y
    }

    /// First pass over an event: accumulates the squared gradient and scales, stores each feature's rate and returns
    /// the "prediction per unit update" (`sum x^2 rate`, times the global multiplier). Zero means: nothing to learn.
    mutating func prepare(
        block: UnsafeMutablePointer<Float>, entries: UnsafeBufferPointer<FeatureEntry>, biasSlot: Int?,
        squaredGradient: Double
    ) -> Double {
        guard squaredGradient > 0 else { return 0 }
        let gs = Float(squaredGradient)
        let rescalePower = Float(2 - 2 * powerT)
        // 0: powerT 0.5, 1: powerT 0.25, 2: any other exponent (decided once, not per feature).
        let mode = powerT == 0.5 ? 0 : powerT == 0.25 ? 1 : 2
        var normX: Float = 0
        var ppu: Float = 0
        @inline(__always) func visit(_ p: UnsafeMutablePointer<Float>, _ value: Float) {
            var x2 = value * value
            if x2 < .leastNormalMagnitude { x2 = .leastNormalMagnitude }
            p[1] += gs * x2
            let ax = abs(value)
            if ax > p[2] {
                if p[2] > 0 {
                    // A larger scale appeared: rescale the weight as if this scale had been known all along.
                    let ratio = p[2] / ax
                    p[0] *= mode == 0 ? ratio : powf(ratio, rescalePower)
                }
                p[2] = ax
            }
            // Divisions and roots through one fast inverse square root: r = N^-1/2, 1/N = r^2.
            let n = max(p[2], .leastNormalMagnitude)
            let r = Self.inverseSquareRoot(n)
            let inverseN = r * r
            normX += x2 * inverseN * inverseN
            let rate: Float
            switch mode {
            case 0: rate = Self.inverseSquareRoot(p[1]) * inverseN
            case 1: rate = Self.inverseSquareRoot(p[1]).squareRoot() * inverseN * r
            default: rate = decay(accumulator: p[1], normalizer: n)
            }
            p[3] = rate
            ppu += x2 * rate
        }
        for e in entries { visit(block + Int(e.index) &* 4, e.value) }
        if let biasSlot { visit(block + biasSlot &* 4, 1) }
        normalizedSumNormX += Double(normX)
        totalWeight += 1
        let avg = totalWeight / max(normalizedSumNormX, .leastNormalMagnitude)
        switch powerT {
        case 0.5: multiplier = avg.squareRoot()
        case 0.25: multiplier = avg.squareRoot() * avg.squareRoot().squareRoot()
        default: multiplier = pow(avg, 1 - powerT)
        }
        return Double(ppu) * multiplier
    }

    /// Second pass: moves each weight by `update * multiplier * x * rate`, then applies the penalties.
    func apply(
        block: UnsafeMutablePointer<Float>, entries: UnsafeBufferPointer<FeatureEntry>, biasSlot: Int?,
        update: Double, regularization: Regularization
    ) {
        let u = Float(update * multiplier)
        let l1 = Float(regularization.l1 * learningRate * multiplier)
        let l2 = Float(regularization.l2 * learningRate * multiplier)
        if l1 == 0 && l2 == 0 {
            for e in entries {
                let p = block + Int(e.index) &* 4
                p[0] += u * e.value * p[3]
            }
        } else {
            for e in entries {
                let p = block + Int(e.index) &* 4
                var w = p[0] + u * e.value * p[3]
                w -= l2 * p[3] * w
                if l1 > 0 { w = Regularization.shrink(w, by: l1 * p[3]) }
                p[0] = w
            }
        }
        if let biasSlot {
            let p = block + biasSlot &* 4
            p[0] += u * p[3]
        }
    }
}
