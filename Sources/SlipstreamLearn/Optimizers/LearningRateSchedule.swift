import Foundation

/// How a global learning rate evolves with the number of updates `t` (starting at 1).
public enum LearningRateSchedule: Codable, Hashable, Sendable {
    /// The same rate for every update (tracks drifting concepts).
    case constant
    /// `rate / t^powerT` (scikit-learn's `invscaling`): converges on a stationary stream.
    case inverseScaling(powerT: Double)

    /// The rate of update `t`.
    @inlinable
    public func rate(base: Double, t: Int) -> Double {
        switch self {
        case .constant: return base
        case .inverseScaling(let p): return base / pow(Double(max(t, 1)), p)
        }
    }
}
