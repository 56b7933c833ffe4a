/// Maps a numeric value to a bucket index, with fixed edges or with edges at the quantiles of the stream so far.
///
/// Bucket `i` holds values in `[edges[i-1], edges[i])`; bucket 0 is below the first edge and bucket `edges.count`
/// at or above the last, so there are `edges.count + 1` buckets. In quantile mode the edges are recomputed from a
/// `QuantileSketch` every `refreshEvery` values (not per value: the edges then stay put long enough for the model to
/// learn what each bucket means).
public struct Bucketizer: Codable, Hashable, Sendable {
    /// How edges are chosen.
    public enum Edges: Codable, Hashable, Sendable {
        /// The given ascending edges.
        case fixed([Double])
        /// `buckets - 1` edges at evenly spaced quantiles of the values seen.
        case quantiles(buckets: Int)
    }

    /// The edge mode.
    public let mode: Edges
    /// Current edges, ascending.
    public private(set) var edges: [Double]
    /// Quantile mode: the sketch behind the edges.
    public private(set) var sketch: QuantileSketch
    /// Quantile mode: values between edge refreshes.
    public let refreshEvery: Int
    private var sinceRefresh = 0

    /// Creates a bucketizer; fixed edges must be ascending and finite, quantile buckets at least 2.
    public init(_ mode: Edges, refreshEvery: Int = 1000) throws(FeatureSpecError) {
        self.mode = mode
        self.refreshEvery = max(1, refreshEvery)
        self.sketch = QuantileSketch(maxBins: 128)
        switch mode {
        case .fixed(let e):
            guard !e.isEmpty, e.allSatisfy(\.isFinite), zip(e, e.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw .invalid("bucket edges must be finite and strictly ascending, got \(e)")
            }
            edges = e
        case .quantiles(let n):
            guard n >= 2 else { throw .invalid("quantile buckets must be >= 2, got \(n)") }
            edges = []
        }
    }

    /// Number of buckets.
    public var bucketCount: Int {
        switch mode {
        case .fixed(let e): return e.count + 1
        case .quantiles(let n): return n
        }
    }

    /// Learns a value (quantile mode).
    public mutating func learn(_ x: Double) {
        guard case .quantiles(let n) = mode, x.isFinite else { return }
        sketch.add(x)
        sinceRefresh += 1
        if edges.isEmpty || sinceRefresh >= refreshEvery {
            sinceRefresh = 0
            var e: [Double] = []
            for k in 1..<n {
                if let q = sketch.quantile(Double(k) / Double(n)), e.last.map({ q > $0 }) ?? true { e.append(q) }
            }
            edges = e
        }
    }

    /// The bucket of a value.
    public func bucket(_ x: Double) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
