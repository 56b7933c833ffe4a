/// Missing-value handling for numeric features: a missing (or non-finite) value is replaced by the running mean of
/// the values seen so far, and the caller emits an indicator feature so the model can learn what missingness means.
public struct MissingValueImputer: Codable, Hashable, Sendable {
    /// What the imputer knows about one feature.
    public struct Stat: Codable, Hashable, Sendable {
        /// Present values seen.
        public var count: Double = 0
        /// Running mean of the present values.
        public var mean: Double = 0
        /// Missing values seen.
        public var missing: Int = 0
    }

    /// Per feature.
    public private(set) var stats: [Stat]

    /// An imputer for `features` features.
    public init(features: Int) {
        stats = Array(repeating: Stat(), count: features)
    }

    /// Returns the value to use for feature `i` and whether it was missing; learns present values (when `learn`).
    public mutating func impute(_ x: Double?, feature i: Int, learn: Bool = true) -> (value: Double, wasMissing: Bool) {
        if let x, x.isFinite {
            if learn {
                stats.withUnsafeMutableBufferPointer { s in
                    s[i].count += 1
                    s[i].mean += (x - s[i].mean) / s[i].count
                }
            }
            return (x, false)
        }
        if learn { stats[i].missing += 1 }
        return (stats[i].mean, true)
    }
}
