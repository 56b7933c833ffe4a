/// Running min-max scaling to [0, 1] per feature (values beyond the range seen so far learn the new bound first).
public struct MinMaxScaler: Codable, Hashable, Sendable {
    /// Smallest value seen per feature (+infinity before the first).
    public private(set) var minimums: [Double]
    /// Largest value seen per feature (-infinity before the first).
    public private(set) var maximums: [Double]

    /// A scaler for `features` features.
    public init(features: Int) {
        minimums = Array(repeating: .infinity, count: features)
        maximums = Array(repeating: -.infinity, count: features)
    }

    /// Learns one value of feature `i`.
    public mutating func learn(_ x: Double, feature i: Int) {
        guard x.isFinite else { return }
        if x < minimums[i] { minimums[i] = x }
        if x > maximums[i] { maximums[i] = x }
    }

    /// Scales a value of feature `i` (0 while the range is empty; clamped to [0, 1]).
    public func transform(_ x: Double, feature i: Int) -> Double {
        let span = maximums[i] - minimums[i]
        guard span > 0, span.isFinite else { return 0 }
        return min(max((x - minimums[i]) / span, 0), 1)
    }
}
