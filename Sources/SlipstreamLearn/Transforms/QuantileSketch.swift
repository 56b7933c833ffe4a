/// A bounded-memory streaming histogram (Ben-Haim & Tom-Tov 2010) that estimates quantiles of a stream: at most
/// `maxBins` centroids with counts; a new value becomes a centroid and the two closest centroids merge.
///
/// `Bucketizer` uses it for quantile bucket edges that follow the data.
public struct QuantileSketch: Codable, Hashable, Sendable {
    /// Centroid positions, ascending.
    public private(set) var centroids: [Double] = []
    /// Values merged into each centroid.
    public private(set) var weights: [Double] = []
    /// Largest number of centroids kept.
    public let maxBins: Int
    /// Values seen.
    public private(set) var count: Double = 0

    /// A sketch with at most `maxBins` centroids (more bins, finer quantiles).
    public init(maxBins: Int = 64) {
        precondition(maxBins >= 2)
        self.maxBins = maxBins
        centroids.reserveCapacity(maxBins + 1)
        weights.reserveCapacity(maxBins + 1)
    }

    /// Adds one value.
    public mutating func add(_ x: Double) {
        guard x.isFinite else { return }
        count += 1
        var lo = 0, hi = centroids.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if centroids[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        if lo < centroids.count && centroids[lo] == x {
            weights[lo] += 1
            return
        }
        centroids.insert(x, at: lo)
        weights.insert(1, at: lo)
        if centroids.count > maxBins {
            var best = 0
            var bestGap = Double.infinity
            for i in 0..<(centroids.count - 1) {
                let gap = centroids[i + 1] - centroids[i]
                if gap < bestGap { bestGap = gap; best = i }
            }
            let w = weights[best] + weights[best + 1]
            centroids[best] = (centroids[best] * weights[best] + centroids[best + 1] * weights[best + 1]) / w
            weights[best] = w
            centroids.remove(at: best + 1)
            weights.remove(at: best + 1)
        }
    }

    /// The estimated `q`-quantile (0...1), interpolating between centroids; nil before the first value.
    public func quantile(_ q: Double) -> Double? {
        guard !centroids.isEmpty else { return nil }
        let target = min(max(q, 0), 1) * count
        var cumulative = 0.0
        for i in centroids.indices {
            // Each centroid's mass is centred on it.
            let mid = cumulative + weights[i] / 2
            if target <= mid {
                if i == 0 { return centroids[0] }
                let prevMid = cumulative - weights[i - 1] / 2
                let t = (target - prevMid) / (mid - prevMid)
                return centroids[i - 1] + t * (centroids[i] - centroids[i - 1])
            }
            cumulative += weights[i]
        }
        return centroids[centroids.count - 1]
    }
}
