import Foundation

/// Squared loss of a regressor: `(prediction - target)^2 / 2`.
public struct SquaredLoss: Loss, Hashable, Codable {
    /// Creates the loss.
    public init() {}

    @inlinable
    public func loss(prediction: Double, target: Double) -> Double {
        let d = prediction - target
        return 0.5 * d * d
    }

    @inlinable
    public func gradient(prediction: Double, target: Double) -> Double { prediction - target }

    /// The flow `dp/dh = -scale * ppu * (p - t)` has the closed form `p(1) = t + (p - t) exp(-scale * ppu)`.
    @inlinable
    public func invariantUpdate(prediction: Double, target: Double, scale: Double, predictionPerUpdate ppu: Double) -> Double {
        let step = scale * ppu
        if step < 1e-6 || ppu <= 0 { return (target - prediction) * scale }
        return (target - prediction) * (1 - exp(-step)) / ppu
    }
}
