import SlipstreamGrid
import Testing

@Suite("GridMap expiry")
struct GridMapExpiryTests {
    final class Evictions {
        var items: [(Int, String, GridEvictionCause)] = []
    }

    func makeView(ttl: Duration? = nil, idle: Duration? = nil, clock: ManualGridClock)
        throws -> (GridMapView<Int, String>, Evictions) {
        let map = GridMap<Int, String>(name: "expiry", configuration: .init(
            partitionCount: 5,
            expiry: .init(timeToLive: ttl, maxIdle: idle, timeDomain: .processingTime(clock))))
        let view = try map.claimView(instance: 0, of: 1)
        let log = Evictions()
        view.onEvict = { log.items.append(($0, $1, $2)) }
        return (view, log)
    }

    @Test func timeToLiveCountsFromTheLastWrite() throws {
        let clock = ManualGridClock(start: 1_000)
        let (view, log) = try makeView(ttl: .seconds(10), clock: clock)
        view.put(1, "a")
        view.put(2, "b")
        clock.advance(by: .seconds(6))
        view.put(2, "b2")               // rewrites reset the TTL
        #expect(view.get(1) == "a")      // reads do not
        clock.advance(by: .seconds(4))
        #expect(view.get(1) == nil)
        #expect(view.get(2) == "b2")
        clock.advance(by: .seconds(6))
        #expect(!view.contains(2))
        #expect(log.items.map(\.0) == [1])
        #expect(log.items.allSatisfy { $0.2 == .timeToLive })
    }

    @Test func maxIdleCountsFromTheLastAccess() throws {
        let clock = ManualGridClock()
        let (view, log) = try makeView(idle: .seconds(5), clock: clock)
        view.put(1, "a")
        view.put(2, "b")
        clock.advance(by: .seconds(4))
        #expect(view.get(1) == "a")
        clock.advance(by: .seconds(4))
        #expect(view.get(1) == "a")
        #expect(view.get(2) == nil)
        #expect(log.items.map(\.0) == [2])
        #expect(log.items.first?.2 == .maxIdle)
    }

    @Test func perEntryTimeToLiveOverridesTheMap() throws {
        let clock = ManualGridClock()
        let (view, _) = try makeView(clock: clock)
        view.put(1, "short", ttl: .seconds(1))
        view.put(2, "forever")
        clock.advance(by: .seconds(2))
        #expect(view.get(1) == nil)
        #expect(view.get(2) == "forever")
    }

    @Test func sweepRemovesExpiredEntriesInBoundedSteps() throws {
        let clock = ManualGridClock()
        let (view, log) = try makeView(ttl: .seconds(1), clock: clock)
        for k in 0..<1_000 { view.put(k, "v\(k)") }
        clock.advance(by: .seconds(1))
        for k in 1_000..<1_100 { view.put(k, "fresh") }
        var calls = 0
        while log.items.count < 1_000 {
            let visited = view.sweep(budget: 64)
            #expect(visited <= 64)
            calls += 1
            try #require(calls < 1_000, "the sweep must make progress")
        }
        #expect(calls >= 1_000 / 64)
        #expect(view.entryCount == 100)
        #expect(Set(log.items.map(\.0)) == Set(0..<1_000))
    }

    @Test func eventTimeExpiryFollowsTheWatermark() throws {
        let map = GridMap<Int, String>(name: "event", configuration: .init(
            partitionCount: 3, expiry: .init(timeToLive: .milliseconds(100), timeDomain: .eventTime)))
        let view = try map.claimView(instance: 0, of: 1)
        var expired: [Int] = []
        view.onEvict = { k, _, _ in expired.append(k) }
        view.advanceEventTime(to: 1_000)
        view.put(1, "a")
        view.advanceEventTime(to: 1_050)
        view.put(2, "b")
        view.advanceEventTime(to: 900)   // time never goes back
        #expect(view.eventTime == 1_050)
        view.advanceEventTime(to: 1_100)
        view.sweep(budget: 100)
        #expect(expired == [1])
        #expect(view.get(2) == "b")
    }
}
