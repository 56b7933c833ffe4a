import Foundation

/// Mean log loss of probabilistic predictions of a binary target, probabilities clipped to [1e-15, 1 - 1e-15]
/// (the convention of scikit-learn and of the peer benchmarks).
public struct LogLoss: Codable, Hashable, Sendable {
    /// Events seen.
    public private(set) var count = 0
    private var sum = 0.0

    public init() {}

    /// The loss of one prediction.
    @inlinable
    public static func loss(probability p: Double, label: Bool) -> Double {
        let q = min(max(p, 1e-15), 1 - 1e-15)
        return label ? -log(q) : -log(1 - q)
    }

    /// Adds one prediction (probability of class 1) and its label.
    public mutating func update(probability: Double, label: Bool) {
        add(loss: Self.loss(probability: probability, label: label))
    }

    /// Adds the loss of one prediction computed by `loss(probability:label:)`.
    public mutating func add(loss: Double) {
        count += 1
        sum += loss
    }

    /// The mean (NaN before the first event).
    public var value: Double { count > 0 ? sum / Double(count) : .nan }
}
