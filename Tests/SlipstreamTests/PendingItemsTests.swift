import SlipstreamEngine
import SlipstreamTestKit
import Testing

@testable import Slipstream

/// Outputs waiting for room in the outbox leave in order, each exactly once, however often the outbox refuses
/// them and however far the buffer has grown; what is still waiting when the buffer goes is released.
@Suite struct PendingItemsTests {
    @Test func itemsLeaveInOrderOnceAcrossRefusalsAndGrowth() {
        let census = LifetimeCensus()
        var received: [Int] = []
        do {
            let pending = PendingItems<CountedItem>()
            let probe = OutboxProbe<CountedItem>(ordinalCount: 1, capacity: 7)
            var next = 0
            // Rounds of appends larger and smaller than the queue, each followed by a flush that takes what fits:
            // the buffer grows past its first capacity and is compacted while items still wait.
            for round in 0..<40 {
                for _ in 0..<(round % 5) * 9 {
                    pending.append(CountedItem(next, census))
                    next += 1
                }
                probe.beginCall()
                _ = pending.flush(to: probe.outbox)
                received += probe.drain()[0].compactMap { if case .item(let item) = $0 { item.value } else { nil } }
            }
            while !pending.isEmpty {
                probe.beginCall()
                _ = pending.flush(to: probe.outbox)
                received += probe.drain()[0].compactMap { if case .item(let item) = $0 { item.value } else { nil } }
            }
            #expect(received == Array(0..<next))
            #expect(census.live == 0)
        }
    }

    @Test func theClosureFormHandsOverCopiesAndReleasesWhatWasTaken() {
        let census = LifetimeCensus()
        let pending = PendingItems<CountedItem>()
        for value in 0..<5 { pending.append(CountedItem(value, census)) }
        var taken: [Int] = []
        #expect(!pending.flush { item in
            guard item.value < 3 else { return false }
            taken.append(item.value)
            return true
        })
        #expect(taken == [0, 1, 2])
        #expect(census.live == 2)
        #expect(pending.flush { item in
            taken.append(item.value)
            return true
        })
        #expect(taken == [0, 1, 2, 3, 4])
        #expect(census.live == 0)
    }

    @Test func itemsStillWaitingAreReleasedWithTheBuffer() {
        let census = LifetimeCensus()
        do {
            let pending = PendingItems<CountedItem>()
            for value in 0..<100 { pending.append(CountedItem(value, census)) }
            let probe = OutboxProbe<CountedItem>(ordinalCount: 1, capacity: 8)
            probe.beginCall()
            #expect(!pending.flush(to: probe.outbox))
            #expect(census.live == 100)
            _ = probe.drain()
            #expect(census.live == 92)
        }
        #expect(census.live == 0)
    }
}
