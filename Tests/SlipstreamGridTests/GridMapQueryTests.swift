import Foundation
import SlipstreamGrid
import Testing

@Suite("GridMap queries from other threads")
struct GridMapQueryTests {
    /// Runs an owner loop on its own thread (as a processor instance would): it writes, and serves queries at
    /// each step, until told to stop.
    final class Owner: @unchecked Sendable {
        // @unchecked: `stop` is only set under `lock`; the view is used on the owner thread only.
        let lock = NSLock()
        var stop = false
        let done = DispatchSemaphore(value: 0)

        func run(_ map: GridMap<Int, Int>, instance: Int, of count: Int) {
            let thread = Thread {
                let view = try! map.claimView(instance: instance, of: count)
                for key in 0..<1_000 where map.partitioner.instance(
                    ofPartition: map.partitioner.partition(of: key), instanceCount: count) == instance {
                    view.put(key, key * 10)
                }
                self.done.signal()
                while !self.lock.withLock({ self.stop }) {
                    view.serveQueries()
                    usleep(100)
                }
                view.release()
                self.done.signal()
            }
            thread.start()
            done.wait()
        }

        func finish() {
            lock.withLock { stop = true }
            done.wait()
        }
    }

    @Test func blockingAndAsyncQueriesReachTheOwningInstance() async throws {
        let map = GridMap<Int, Int>(name: "queried", configuration: .init(partitionCount: 13))
        let owners = [Owner(), Owner()]
        for (i, o) in owners.enumerated() { o.run(map, instance: i, of: 2) }
        for key in [0, 1, 2, 500, 999] {
            #expect(try map.query(key, timeout: .seconds(10)) == key * 10)
            #expect(try await map.query(key) == key * 10)
        }
        #expect(try map.query(5_000, timeout: .seconds(10)) == nil)
        let figures = try map.statistics(timeout: .seconds(10))
        #expect(figures.partitions.map(\.partition) == Array(0..<13))
        #expect(figures.entries == 1_000)
        #expect(figures.estimatedBytes >= 1_000 * 16)
        for o in owners { o.finish() }
        #expect(try map.statistics(timeout: .seconds(1)).partitions.isEmpty)
        #expect(throws: GridQueryError.noOwner(partition: map.partitioner.partition(of: 1))) {
            try map.query(1, timeout: .seconds(1))
        }
    }

    @Test func anOwnerThatDoesNotServeTimesOut() throws {
        let map = GridMap<Int, Int>(name: "stalled", configuration: .init(partitionCount: 3))
        let view = try map.claimView(instance: 0, of: 1)
        view.put(1, 1)
        #expect(throws: GridQueryError.timedOut) { try map.query(1, timeout: .milliseconds(20)) }
        #expect(view.serveQueries() == 1, "the late request is still answered, to nobody")
    }
}
