import SlipstreamEngine
import Testing

@testable import Slipstream

/// Outputs waiting for room in the outbox leave in order, each exactly once, however often the outbox refuses
/// them and however far the buffer has grown; what is still waiting when the buffer goes is released.
@Suite struct PendingItemsTests {
    /// Counts the live `Tracked` objects of one test.
    final class Census {
        var live = 0
    }

    final class Tracked {
        let value: Int
        let census: Census

        init(_ value: Int, _ census: Census) {
            self.value = value
            self.census = census
            census.live += 1
        }

        deinit { census.live -= 1 }
    }

    @Test func itemsLeaveInOrderOnceAcrossRefusalsAndGrowth() {
        let census = Census()
        var received: [Int] = []
        do {
            let pending = PendingItems<Tracked>()
            let probe = OutboxProbe<Tracked>(ordinalCount: 1, capacity: 7)
            var next = 0
            // Rounds of appends larger and smaller than the queue, each followed by a flush that takes what fits:
            // the buffer grows past its first capacity and is compacted while items still wait.
            for round in 0..<40 {
                for _ in 0..<(round % 5) * 9 {
                    pending.append(Tracked(next, census))
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
        let census = Census()
        let pending = PendingItems<Tracked>()
        for value in 0..<5 { pending.append(Tracked(value, census)) }
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
        let census = Census()
        do {
            let pending = PendingItems<Tracked>()
            for value in 0..<100 { pending.append(Tracked(value, census)) }
            let probe = OutboxProbe<Tracked>(ordinalCount: 1, capacity: 8)
            probe.beginCall()
            #expect(!pending.flush(to: probe.outbox))
            #expect(census.live == 100)
            _ = probe.drain()
            #expect(census.live == 92)
        }
        #expect(census.live == 0)
    }
}
