/// Share of correct predictions.
public struct Accuracy: Codable, Hashable, Sendable {
    /// Events seen.
    public private(set) var count = 0
    /// Correct predictions.
    public private(set) var correct = 0

    public init() {}

    /// Adds one prediction.
    public mutating func update(correct isCorrect: Bool) {
        count += 1
        if isCorrect { correct += 1 }
    }

    /// Adds a binary prediction: correct when `probability >= threshold` equals the label.
    public mutating func update(probability: Double, label: Bool, threshold: Double = 0.5) {
        update(correct: (probability >= threshold) == label)
    }

    /// The share (NaN before the first event).
    public var value: Double { count > 0 ? Double(correct) / Double(count) : .nan }
}
