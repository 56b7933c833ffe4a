/// Counts of a binary classifier's decisions at a threshold, and the precision, recall and F1 they give.
public struct ConfusionMatrix: Codable, Hashable, Sendable {
    public private(set) var truePositives = 0
    public private(set) var falsePositives = 0
    public private(set) var trueNegatives = 0
    public private(set) var falseNegatives = 0
    /// Decision threshold on the probability of class 1.
    public let threshold: Double

    public init(threshold: Double = 0.5) { self.threshold = threshold }

    /// Adds one prediction.
    public mutating func update(probability: Double, label: Bool) {
        switch (probability >= threshold, label) {
        case (true, true): truePositives += 1
        case (true, false): falsePositives += 1
        case (false, false): trueNegatives += 1
        case (false, true): falseNegatives += 1
        }
    }

    /// TP / (TP + FP); NaN when nothing was predicted positive.
    public var precision: Double {
        let d = truePositives + falsePositives
        return d > 0 ? Double(truePositives) / Double(d) : .nan
    }

    /// TP / (TP + FN); NaN when there was no positive.
    public var recall: Double {
        let d = truePositives + falseNegatives
        return d > 0 ? Double(truePositives) / Double(d) : .nan
    }

    /// Harmonic mean of precision and recall: 2 TP / (2 TP + FP + FN); NaN when undefined.
    public var f1: Double {
        let d = 2 * truePositives + falsePositives + falseNegatives
        return d > 0 ? Double(2 * truePositives) / Double(d) : .nan
    }
}
