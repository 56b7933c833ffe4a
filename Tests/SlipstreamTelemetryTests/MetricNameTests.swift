import Testing

@testable import SlipstreamTelemetry

@Suite("Metric names")
struct MetricNameTests {
    @Test("counters end in _total and every name is a valid Prometheus name")
    func namesFollowPrometheusConventions() {
        let counters = [
            MetricName.vertexItemsIn, MetricName.vertexItemsOut, MetricName.vertexBusySeconds, MetricName.vertexCounter,
            MetricName.eventsIn, MetricName.eventsOut, MetricName.learnerExamples, MetricName.snapshots,
            MetricName.taskletMoves,
        ]
        for name in counters { #expect(name.hasSuffix("_total"), "\(name)") }
        for name in counters + [
            MetricName.vertexQueueFill, MetricName.consumerLag, MetricName.eventToScoreLatency, MetricName.workerLoad,
        ] {
            #expect(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }, "\(name)")
            #expect(name.hasPrefix("slipstream_"))
        }
    }
}
