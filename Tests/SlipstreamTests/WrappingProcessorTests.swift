import SlipstreamEngine
import SlipstreamTestKit
import Testing

@testable import Slipstream

/// The processor of an internal wrap step (the inputs of joins, enrich and scoring stages) wraps every item once,
/// in order, whatever the outbox refuses, and moves each item into its wrapper instead of copying it.
@Suite struct WrappingProcessorTests {
    @Test func wrapsEveryItemOnceInOrderThroughAFullOutbox() throws {
        try verifyProcessor { WrappingProcessor<Int, [Int]> { [$0, $0 * 10] } }
            .input([1, 2, 3, 4, 5])
            .expectOutput([[1, 10], [2, 20], [3, 30], [4, 40], [5, 50]])
    }

    /// An item read out of the inbox is the only reference to its object while it is wrapped: it was moved, not
    /// copied (a copy would leave the inbox's too).
    @Test func movesEachItemIntoItsWrapper() {
        let census = LifetimeCensus()
        let count = 6
        let items = UnsafeMutablePointer<CountedItem>.allocate(capacity: count)
        defer { items.deallocate() }
        var received: [Int] = []
        do {
            for index in 0..<count { (items + index).initialize(to: CountedItem(index, census)) }
            let log = UniquenessLog()
            var processor = WrappingProcessor<CountedItem, [CountedItem]>(log.wrap)
            // Room for two outputs per call: the rest waits in the processor, and goes out first next time.
            let probe = OutboxProbe<[CountedItem]>(ordinalCount: 1, capacity: 2)
            var inbox = Inbox(items: items, count: count)
            while received.count < count {
                probe.beginCall()
                try? processor.process(ordinal: 0, inbox: &inbox, outbox: probe.outbox)
                for case .item(let wrapped) in probe.drain()[0] { received += wrapped.map(\.value) }
            }
            let inboxEmpty = inbox.isEmpty
            #expect(inboxEmpty)
            #expect(log.unique == Array(repeating: true, count: count))
        }
        #expect(received == Array(0..<count))
        #expect(census.live == 0)
    }
}

/// Wraps items, noting whether each was the only reference to its object when it arrived.
private final class UniquenessLog: @unchecked Sendable {
    var unique: [Bool] = []

    @Sendable func wrap(_ item: consuming CountedItem) -> [CountedItem] {
        var item = consume item
        unique.append(isKnownUniquelyReferenced(&item))
        return [item]
    }
}
