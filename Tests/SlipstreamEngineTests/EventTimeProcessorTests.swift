import SlipstreamEngine
import SlipstreamTestKit
import Testing

@Suite struct EventTimeProcessorTests {
    struct Reading: Sendable, Equatable {
        var time: Int64
        var value: Int
    }

    static let readings = [10, 12, 9, 11, 15, 4, 16].enumerated().map { Reading(time: Int64($1), value: $0) }

    static func policy(_ late: LateEventPolicy = .drop) -> EventTimePolicy<Reading> {
        EventTimePolicy(timestamp: { $0.time }, allowedLateness: .milliseconds(2), idleTimeout: nil, lateEvents: late)
    }

    @Test func lateItemsAreDroppedInEveryMode() throws {
        try verifyProcessor { EventTimeProcessor(policy: Self.policy()) }
            .input(Self.readings)
            .expectOutput(Self.readings.filter { ![9, 4].contains($0.time) })
    }

    @Test func lateItemsGoToTheSideOutput() throws {
        try verifyProcessor { EventTimeProcessor(policy: Self.policy(.sideOutput(ordinal: 1))) }
            .input(Self.readings)
            .outputOrdinals(2)
            .verify { outputs in
                let onTime = outputs[0].compactMap(\.item).map(\.time)
                let late = outputs[1].compactMap(\.item).map(\.time)
                guard onTime == [10, 12, 11, 15, 16], late == [9, 4] else {
                    throw ProcessorVerificationError("on time \(onTime), late \(late)")
                }
            }
    }

    @Test func watermarksNeverGoBackNorPassAnItemAndLateItemsAreCounted() throws {
        let counters = ProcessorCounters()
        try verifyProcessor { EventTimeProcessor(policy: Self.policy()) }
            .context { ProcessorContext(jobName: "test", vertexName: "event-time", counters: counters) }
            .input(events: [.item(Self.readings[0]), .item(Self.readings[1]), .watermark(1)])
            .input(Array(Self.readings[2...]))
            .verify { outputs in
                var current = Int64.min
                var watermarks: [Int64] = []
                for event in outputs[0] {
                    switch event {
                    case .watermark(let time):
                        // Upstream watermarks (1) are replaced by the processor's own, which only go forward.
                        guard time > current, time != 1 else { throw ProcessorVerificationError("watermark \(time)") }
                        current = time
                        watermarks.append(time)
                    case .item(let reading):
                        guard reading.time >= current else {
                            throw ProcessorVerificationError("\(reading) after watermark \(current)")
                        }
                    }
                }
                guard watermarks.last == 14 else { throw ProcessorVerificationError("watermarks \(watermarks)") }
            }
        // Two late readings in each of the four runs.
        #expect(counters.values[Counter.Name.lateEvents] == 8)
    }
}
