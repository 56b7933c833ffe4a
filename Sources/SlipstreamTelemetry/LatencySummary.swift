/// What a ``LatencyHistogram`` held when it was read: bucket counts, from which percentiles are estimated.
public struct LatencySummary: Sendable, Hashable {
    /// Events per bucket of ``LatencyHistogram/upperBounds``, plus the unbounded last bucket.
    public let counts: [Int]
    /// The sum of every recorded latency, in nanoseconds.
    public let sumNanoseconds: Int

    /// Events recorded.
    public var count: Int { counts.reduce(0, +) }

    /// The latency below which the fraction `quantile` (0…1) of the events fell, interpolated linearly inside
    /// its bucket; `nil` when nothing was recorded. Events beyond the last bound read as that bound.
    public func percentile(_ quantile: Double) -> Duration? {
        let total = count
        guard total > 0 else { return nil }
        let rank = max(1, (min(max(quantile, 0), 1) * Double(total)).rounded(.up))
        var seen = 0.0
        let bounds = LatencyHistogram.upperBounds
        for (index, events) in counts.enumerated() where events > 0 {
            guard seen + Double(events) >= rank else {
                seen += Double(events)
                continue
            }
            guard index < bounds.count else { return .nanoseconds(bounds[bounds.count - 1]) }
            let lower = index == 0 ? 0 : Double(bounds[index - 1])
            let upper = Double(bounds[index])
            let fraction = (rank - seen) / Double(events)
            return .nanoseconds(Int64(lower + (upper - lower) * fraction))
        }
        return .nanoseconds(bounds[bounds.count - 1])
    }

    /// The events at or below `bound` nanoseconds, which must be one of ``LatencyHistogram/upperBounds``.
    func cumulativeCount(atOrBelow bound: Int64) -> Int {
        let last = LatencyHistogram.bucket(of: bound)
        return counts[0...last].reduce(0, +)
    }
}

extension LatencySummary {
    /// What was recorded after `earlier` (an earlier reading of the same histogram): percentiles of an interval.
    public func since(_ earlier: LatencySummary) -> LatencySummary {
        guard earlier.counts.count == counts.count else { return self }
        return LatencySummary(
            counts: zip(counts, earlier.counts).map { max(0, $0 - $1) },
            sumNanoseconds: max(0, sumNanoseconds - earlier.sumNanoseconds))
    }
}
