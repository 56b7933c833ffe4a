/// Running standardization `(x - mean) / std` per feature, with Welford's numerically stable update.
///
/// Like River's `StandardScaler`, it learns a value before transforming it, so the first value of a feature maps
/// to 0 and a constant feature stays 0.
public struct StandardScaler: Codable, Hashable, Sendable {
    /// Values seen per feature.
    public private(set) var counts: [Double]
    /// Running means.
    public private(set) var means: [Double]
    /// Running sums of squared deviations (Welford's M2).
    public private(set) var m2: [Double]

    /// A scaler for `features` features (indices `0..<features`).
    public init(features: Int) {
        counts = Array(repeating: 0, count: features)
        means = counts
        m2 = counts
    }

    /// Number of features.
    public var featureCount: Int { counts.count }

    /// Learns one value of feature `i`.
    public mutating func learn(_ x: Double, feature i: Int) {
        guard x.isFinite else { return }
        counts[i] += 1
        let d = x - means[i]
        means[i] += d / counts[i]
        m2[i] += d * (x - means[i])
    }

    /// The population variance of feature `i`.
    public func variance(feature i: Int) -> Double { counts[i] > 0 ? m2[i] / counts[i] : 0 }

    /// Standardizes a value of feature `i` (0 while the feature has no spread yet).
    public func transform(_ x: Double, feature i: Int) -> Double {
        let v = variance(feature: i)
        return v > 0 ? (x - means[i]) / v.squareRoot() : 0
    }
}
