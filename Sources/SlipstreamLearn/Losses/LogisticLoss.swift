import Foundation

/// Log loss of a binary classifier on its margin: `log(1 + exp(-y m))` with `y = 2 target - 1`, target in {0, 1}.
public struct LogisticLoss: Loss, Hashable, Codable {
    /// Creates the loss.
    public init() {}

    @inlinable
    public func loss(prediction: Double, target: Double) -> Double {
        let y = target > 0.5 ? 1.0 : -1.0
        let z = -y * prediction
        // log1p(exp(z)) without overflow for large z.
        return z > 35 ? z : log1p(exp(z))
    }

    @inlinable
    public func gradient(prediction: Double, target: Double) -> Double {
        Sigmoid.value(prediction) - (target > 0.5 ? 1 : 0)
    }

    /// Solves `s + exp(s) = x` for the margin `s = y m` after the flow. Newton's method starts from the
    /// first-order step, which is above the root (the flow slows down as `s` grows) and within O(step^2) of it;
    /// the function is convex and increasing, so every iterate stays above the root and one or two suffice.
    @inlinable
    public func invariantUpdate(prediction: Double, target: Double, scale: Double, predictionPerUpdate ppu: Double) -> Double {
        let y = target > 0.5 ? 1.0 : -1.0
        let s0 = y * prediction
        let step = scale * ppu
        if step < 1e-6 || ppu <= 0 {
            // First order is exact enough for tiny steps (and avoids dividing by a tiny ppu).
            return y * scale / (1 + exp(s0))
        }
        if s0 > 30 {
            // Already confidently right: exp(-s0) is below float resolution, the flow barely moves.
            return y * scale * exp(-s0)
        }
        let e0 = exp(s0)
        let x = step + s0 + e0
        // The first-order guess, capped by log(x) (also above the root when x >= 1) for very large steps.
        var s = s0 + step / (1 + e0)
        if x >= 1 { s = min(s, log(x)) }
        for _ in 0..<30 {
            let e = exp(s)
            let delta = (s + e - x) / (1 + e)
            s -= delta
            if abs(delta) < 1e-9 * max(1, abs(s)) { break }
        }
        return (y * s - prediction) / ppu
    }
}

/// The logistic function, written to stay finite for any margin.
public enum Sigmoid {
    /// `1 / (1 + exp(-m))`.
    @inlinable @inline(__always)
    public static func value(_ m: Double) -> Double {
        if m >= 0 { return 1 / (1 + exp(-m)) }
        let e = exp(m)
        return e / (1 + e)
    }
}
