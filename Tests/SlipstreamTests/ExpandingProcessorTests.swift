import SlipstreamTestKit
import Testing

@testable import Slipstream

/// The processor of fused stateless chains (and of `flatMap`) emits every output once and in order through a full
/// outbox, across snapshots: outputs it holds go out before a snapshot's barrier and before a watermark.
@Suite struct ExpandingProcessorTests {
    @Test func emitsEveryOutputOnceInOrderAcrossSnapshots() throws {
        try verifyProcessor {
            ExpandingProcessor<Int, Int> { item, emit in
                for copy in 0..<item % 4 { try emit(item * 10 + copy) }
            }
        }
        .input([1, 2, 3, 4, 5, 6, 7])
        .expectOutput([10, 20, 21, 30, 31, 32, 50, 60, 61, 70, 71, 72])
    }

    @Test func outputsHeldBackLeaveBeforeTheWatermarkThatFollowsTheirInput() throws {
        try verifyProcessor { ExpandingProcessor<Int, Int> { item, emit in for _ in 0..<3 { try emit(item) } } }
            .input(events: [.item(1), .watermark(5), .item(2)])
            .expectOutput(events: [.item(1), .item(1), .item(1), .watermark(5), .item(2), .item(2), .item(2)])
    }
}
