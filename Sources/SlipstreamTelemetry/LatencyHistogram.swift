import Atomics

/// A latency histogram that any number of threads record into without a lock or an allocation, and that the
/// metrics endpoint and the progress line read from: event-to-score latency is measured per event, on the hot path.
///
/// Buckets are fixed: ten per decade from 10 µs to 100 s (upper bounds 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6 and 7.5
/// times a power of ten), so a percentile read from them is within about 25 % of the true value, and the
/// Prometheus buckets (1, 2.5 and 5 per decade) are exact sums of them. Recording is a binary search over the
/// bounds and two relaxed atomic additions; a negative latency (clocks of two machines disagreeing) counts as 0.
public final class LatencyHistogram: Sendable {
    /// Upper bounds of the buckets in nanoseconds, ascending; a last, unbounded bucket follows them.
    public static let upperBounds: [Int64] = {
        let mantissas: [Double] = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5]
        var bounds: [Int64] = []
        var decade = 10_000.0
        while decade < 1e11 {
            for mantissa in mantissas { bounds.append(Int64(mantissa * decade)) }
            decade *= 10
        }
        bounds.append(100_000_000_000)
        return bounds
    }()

    /// The Prometheus `le` bounds exported, in nanoseconds: every one is also one of ``upperBounds``.
    public static let exportedBounds: [Int64] = upperBounds.filter { bound in
        var mantissa = Double(bound)
        while mantissa >= 10 { mantissa /= 10 }
        return bound >= 100_000 && bound <= 10_000_000_000 && [1, 2.5, 5].contains(mantissa)
    }

    /// The process-wide event-to-score latency: a pipeline's score sink records each score's latency here
    /// (`LatencyHistogram.eventToScore.record(nanoseconds: now - eventTime)`), and the `run-pipeline run`
    /// telemetry exports it and shows its percentiles on the progress line.
    public static let eventToScore = LatencyHistogram()

    private let counts: [ManagedAtomic<Int>]
    private let sumNanoseconds = ManagedAtomic<Int>(0)

    /// Creates an empty histogram.
    public init() {
        counts = (0...Self.upperBounds.count).map { _ in ManagedAtomic<Int>(0) }
    }

    /// Records one latency.
    @inline(__always)
    public func record(nanoseconds: Int64) {
        let value = max(0, nanoseconds)
        counts[Self.bucket(of: value)].wrappingIncrement(ordering: .relaxed)
        sumNanoseconds.wrappingIncrement(by: Int(value), ordering: .relaxed)
    }

    /// Records one latency.
    public func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        record(nanoseconds: seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// The bucket holding `nanoseconds`: the first whose upper bound is not below it.
    @inline(__always)
    static func bucket(of nanoseconds: Int64) -> Int {
        var low = 0
        var high = upperBounds.count
        while low < high {
            let middle = (low + high) >> 1
            if upperBounds[middle] < nanoseconds { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The counts now: one per bucket (the last is the unbounded one), their total and the sum of all values.
    public func read() -> LatencySummary {
        LatencySummary(
            counts: counts.map { $0.load(ordering: .relaxed) }, sumNanoseconds: sumNanoseconds.load(ordering: .relaxed))
    }
}
