/// Running standardization `(x - mean) / std` per feature, with Welford's numerically stable update.
///
/// Like River's `StandardScaler`, it learns a value before transforming it, so the first value of a feature maps
/// to 0 and a constant feature stays 0.
public struct StandardScaler: Codable, Hashable, Sendable {
    /// Welford's running moments of one feature.
    public struct Moments: Codable, Hashable, Sendable {
        /// Values seen.
        public var count: Double = 0
        /// Running mean.
        public var mean: Double = 0
        /// Running sum of squared deviations (M2).
        public var m2: Double = 0
        /// `1 / std` as of the last refresh (see `learnAndTransform`).
        public var scale: Double = 0
    }

    /// The moments of each feature (one array, so that an update touches one buffer).
    public private(set) var moments: [Moments]

    /// A scaler for `features` features (indices `0..<features`).
    public init(features: Int) {
        moments = Array(repeating: Moments(), count: features)
    }

    /// Number of features.
    public var featureCount: Int { moments.count }

    /// Running mean of feature `i`.
    public func mean(feature i: Int) -> Double { moments[i].mean }

    /// Learns one value of feature `i`.
    public mutating func learn(_ x: Double, feature i: Int) {
        guard x.isFinite else { return }
        moments.withUnsafeMutableBufferPointer { Self.update(&$0[i], x) }
    }

    /// Welford's step, then the `1 / std` factor: recomputed for each of the first 256 values and then every 16th
    /// (a division and a square root saved 15 times in 16, while one more value moves the deviation by well under a
    /// percent).
    @inline(__always)
    static func update(_ m: inout Moments, _ x: Double) {
        let count = m.count + 1
        let d = x - m.mean
        let mean = m.mean + d / count
        let m2 = m.m2 + d * (x - mean)
        // A value so large that the moments overflow is not learnt (it would make every later value NaN).
        guard mean.isFinite && m2.isFinite else { return }
        m.count = count
        m.mean = mean
        m.m2 = m2
        if m.count <= 256 || Int(m.count) & 15 == 0 {
            m.scale = m.m2 > 0 ? (m.count / m.m2).squareRoot() : 0
        }
    }

    /// Learns a value and returns it standardized: `learn` then `transform` in one access.
    public mutating func learnAndTransform(_ x: Double, feature i: Int) -> Double {
        guard x.isFinite else { return transform(x, feature: i) }
        return moments.withUnsafeMutableBufferPointer { buf in
            Self.update(&buf[i], x)
            return (x - buf[i].mean) * buf[i].scale
        }
    }

    /// Learns a row with one value per feature (non-finite values are skipped); read the results with
    /// `transform(_:feature:)`. The loop has no call per feature, so the divisions of different features overlap.
    public mutating func learn(row values: UnsafeBufferPointer<Double>) {
        precondition(values.count == moments.count, "one value per feature")
        moments.withUnsafeMutableBufferPointer { buf in
            for i in 0..<values.count {
                let x = values[i]
                guard x.isFinite else { continue }
                Self.update(&buf[i], x)
            }
        }
    }

    /// The population variance of feature `i`.
    public func variance(feature i: Int) -> Double { moments[i].count > 0 ? moments[i].m2 / moments[i].count : 0 }

    /// Standardizes a value of feature `i` with the running mean and the last refreshed `1 / std` (0 while the
    /// feature has no spread yet).
    public func transform(_ x: Double, feature i: Int) -> Double {
        (x - moments[i].mean) * moments[i].scale
    }
}
