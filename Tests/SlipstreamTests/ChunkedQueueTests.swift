import Testing

@testable import Slipstream

/// The chunked queue behind a label join's waiting items: positions stay right across chunk boundaries and
/// drops from the front, and dropped chunks are reused.
@Suite struct ChunkedQueueTests {
    /// Appends and drops in steps of every size around a chunk's, checked against a plain array at each step.
    @Test(arguments: [1, 7, 1_023, 1_024, 1_025, 3_000])
    func matchesAnArrayThroughAppendsAndDrops(step: Int) {
        var queue = ChunkedQueue<Int>()
        var reference: [Int] = []
        var next = 0
        for round in 0..<6 {
            for _ in 0..<(step * 2 + round) {
                queue.append(next)
                reference.append(next)
                next += 1
            }
            let drop = min(reference.count, step + round * 3)
            queue.removeFirst(drop)
            reference.removeFirst(drop)
            #expect(queue.count == reference.count)
            var seen: [Int] = []
            queue.forEach(from: 0) { seen.append($0) }
            #expect(seen == reference)
            if !reference.isEmpty {
                #expect(queue[0] == reference[0] && queue[reference.count - 1] == reference.last)
            }
        }
        queue.removeFirst(queue.count)
        #expect(queue.isEmpty && queue.offset == 0)
        queue.append(next)
        #expect(queue[0] == next && queue.count == 1)
    }

    @Test func itemsChangeInPlaceAndAChunkIsReused() {
        var queue = ChunkedQueue<[Int]?>()
        for i in 0..<2_500 { queue.append([i]) }
        queue[1_500]?.append(-1)
        #expect(queue[1_500] == [1_500, -1])
        #expect(queue[2_000].take() == [2_000] && queue[2_000] == nil)
        #expect(queue.chunks.count == 3)
        queue.removeFirst(1_100)
        #expect(queue.chunks.count == 2 && queue.spare != nil)
        #expect(queue[400] == [1_500, -1] && queue[0] == [1_100])
        var tail: [Int] = []
        queue.forEach(from: 1_390) { tail.append($0?.first ?? -9) }
        #expect(tail == [2_490, 2_491, 2_492, 2_493, 2_494, 2_495, 2_496, 2_497, 2_498, 2_499])
    }

    /// Dropped items are destroyed at once, and the rest when the queue goes.
    @Test func itemsAreDestroyedWhenDroppedAndWithTheQueue() {
        final class Census { var alive = 0 }
        final class Tracked {
            let census: Census
            init(_ census: Census) {
                self.census = census
                census.alive += 1
            }
            deinit { census.alive -= 1 }
        }
        let census = Census()
        do {
            var queue = ChunkedQueue<Tracked>()
            for _ in 0..<2_500 { queue.append(Tracked(census)) }
            queue.removeFirst(1_100)
            #expect(census.alive == 1_400)
            queue.removeFirst(400)
            #expect(census.alive == 1_000)
        }
        #expect(census.alive == 0)
    }
}
