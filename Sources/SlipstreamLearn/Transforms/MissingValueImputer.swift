/// Missing-value handling for numeric features: a missing (or non-finite) value is replaced by the running mean of
/// the values seen so far, and the caller emits an indicator feature so the model can learn what missingness means.
public struct MissingValueImputer: Codable, Hashable, Sendable {
    /// Present values seen per feature.
    public private(set) var counts: [Double]
    /// Running means of the present values.
    public private(set) var means: [Double]
    /// Missing values seen per feature.
    public private(set) var missing: [Int]

    /// An imputer for `features` features.
    public init(features: Int) {
        counts = Array(repeating: 0, count: features)
        means = counts
        missing = Array(repeating: 0, count: features)
    }

    /// Returns the value to use for feature `i` and whether it was missing; learns present values (when `learn`).
    public mutating func impute(_ x: Double?, feature i: Int, learn: Bool = true) -> (value: Double, wasMissing: Bool) {
        if let x, x.isFinite {
            if learn {
                counts[i] += 1
                means[i] += (x - means[i]) / counts[i]
            }
            return (x, false)
        }
        if learn { missing[i] += 1 }
        return (means[i], true)
    }
}
