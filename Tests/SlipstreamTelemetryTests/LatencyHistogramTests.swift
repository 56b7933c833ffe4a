import Testing

@testable import SlipstreamTelemetry

@Suite("Latency histogram")
struct LatencyHistogramTests {
    @Test("percentiles fall within the bucket precision of the recorded values")
    func percentiles() throws {
        let histogram = LatencyHistogram()
        // 1 ms … 1000 ms in steps of 1 ms: the true p50 is 500 ms, the true p99 990 ms.
        for millisecond in 1...1_000 { histogram.record(nanoseconds: Int64(millisecond) * 1_000_000) }
        let summary = histogram.read()
        #expect(summary.count == 1_000)
        let p50 = try #require(summary.percentile(0.5))
        let p99 = try #require(summary.percentile(0.99))
        #expect(p50 >= .milliseconds(400) && p50 <= .milliseconds(600))
        #expect(p99 >= .milliseconds(750) && p99 <= .milliseconds(1_000))
        #expect(summary.sumNanoseconds == (1...1_000).reduce(0) { $0 + $1 * 1_000_000 })
    }

    @Test("an empty histogram has no percentile; negative and huge values land in the end buckets")
    func edges() {
        let histogram = LatencyHistogram()
        #expect(histogram.read().percentile(0.5) == nil)
        histogram.record(nanoseconds: -5)
        histogram.record(.seconds(1_000))
        let summary = histogram.read()
        #expect(summary.counts.first == 1)
        #expect(summary.counts.last == 1)
        #expect(summary.percentile(1.0) == .seconds(100))
    }

    @Test("every exported Prometheus bound is a bucket bound, so cumulative counts are exact")
    func exportedBoundsAreBucketBounds() {
        #expect(LatencyHistogram.exportedBounds.count == 16)
        for bound in LatencyHistogram.exportedBounds {
            #expect(LatencyHistogram.upperBounds.contains(bound))
        }
        let histogram = LatencyHistogram()
        histogram.record(nanoseconds: 1_000_000)  // exactly 1 ms: inside the le="0.001" bucket
        histogram.record(nanoseconds: 1_000_001)
        #expect(histogram.read().cumulativeCount(atOrBelow: 1_000_000) == 1)
    }

    @Test("the percentiles of an interval come from the difference of two readings")
    func intervalPercentiles() throws {
        let histogram = LatencyHistogram()
        for _ in 0..<1_000 { histogram.record(.milliseconds(200)) }
        let earlier = histogram.read()
        for _ in 0..<100 { histogram.record(.milliseconds(2)) }
        let interval = histogram.read().since(earlier)
        #expect(interval.count == 100)
        let p99 = try #require(interval.percentile(0.99))
        #expect(p99 <= .milliseconds(3), "only the interval's values count")
        #expect(try #require(histogram.read().percentile(0.5)) >= .milliseconds(150))
    }
}
