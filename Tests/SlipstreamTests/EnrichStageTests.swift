import Slipstream
import SlipstreamEngine
import SlipstreamGrid
import SlipstreamTestKit
import Synchronization
import Testing
import Foundation

@testable import Slipstream

/// A customer profile; later versions of a customer replace earlier ones.
struct Profile: Sendable, Hashable {
    var customer: Int
    var version: Int
}

struct Purchase: Sendable, Hashable {
    var customer: Int
    var sequence: Int
}

@Suite struct EnrichStageTests {
    @Test func eventsSeeTheirKeysTableValueAsItEvolves() throws {
        let customers = 40
        let versions = 25
        let profiles = (0..<(customers * versions)).map { Profile(customer: $0 % customers, version: $0 / customers) }
        let purchases = (0..<(customers * 100)).map { Purchase(customer: $0 % customers, sequence: $0 / customers) }
        let seen = Collector<[Int]>()
        let pipeline = Pipeline("enrich") { p in
            let table = p.read(.sequence(profiles), name: "profiles").grouped(by: \.customer)
            p.read(.sequence(purchases), name: "purchases")
                .grouped(by: \.customer)
                .enrich(from: table, value: { $0 }) { purchase, profile -> [Int] in
                    [purchase.customer, purchase.sequence, profile?.customer ?? -1, profile?.version ?? -1]
                }
                .write(.collect(into: seen))
        }
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2, job: JobConfig(defaultParallelism: 3)))
        try job.waitForCompletion()
        let rows = seen.items
        #expect(rows.count == purchases.count)
        // Every purchase saw its own customer's profile or none; per customer, both streams are in order, so
        // the versions seen never go back, and once a profile was seen it stays.
        for customer in 0..<customers {
            let mine = rows.filter { $0[0] == customer }
            #expect(mine.map { $0[1] } == Array(0..<100))
            #expect(mine.allSatisfy { $0[2] == customer || $0[2] == -1 })
            let versionsSeen = mine.map { $0[3] }
            #expect(versionsSeen == versionsSeen.sorted())
        }
        let misses = rows.filter { $0[2] == -1 }.count
        #expect(job.metrics[vertex: "enrich"]?.counters[EnrichCounterNames.misses] ?? 0 == misses)
    }

    @Test func aTableWithoutEventTimeDoesNotHoldWindowsBack() throws {
        // The table stream never ends and has no timestamps, so it sends no watermark; the windows after the
        // enrichment still close on the purchases' watermarks. The purchases never end either: a stream that
        // ended would leave only the idle table open, and the engine then forwards "idle", not its last time.
        let purchase: @Sendable (Int) -> Reading = { Reading(sensor: $0 % 3, value: 1, time: Int64($0) * 10) }
        let results = Collector<WindowRow<Int, Int64>>()
        let pipeline = Pipeline("enrich-event-time") { p in
            let table = p.read(.generator(count: nil) { $0 < 3 ? Profile(customer: $0, version: 1) : nil }, name: "profiles")
                .compactMap { $0 }
                .grouped(by: \.customer)
            p.read(.generator(count: nil, purchase), name: "purchases")
                .timestamps(\.time)
                .grouped(by: \.sensor)
                .enrich(from: table, value: { $0 }) { purchase, _ in purchase }
                .grouped(by: \.sensor)
                .window(.tumbling(.milliseconds(100)), time: \.time, aggregate: CountAggregate())
                .map { WindowRow(key: $0.key, start: $0.start, end: $0.end, value: $0.value) }
                .write(.collect(into: results))
        }
        let expected = bruteForceWindows((0..<90).map(purchase), size: 100, slide: 100, key: \.sensor) { Int64($0.count) }
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2))
        let deadline = ContinuousClock.now + .seconds(120)
        while results.items.filter({ $0.start < 900 }).count < expected.count && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        job.cancel()
        #expect(throws: EngineError.self) { try job.waitForCompletion() }
        #expect(results.items.filter { $0.start < 900 }.sorted() == expected)
    }

    @Test func tableItemsReplaceAndRemoveValues() throws {
        typealias Enrich = EnrichProcessor<Purchase, Profile, Int, Int, String>
        try verifyProcessor {
            Enrich(
                map: GridMap(name: "profiles"), itemKey: \.customer, rowKey: \.customer,
                value: { $0.version < 0 ? nil : $0.version },
                combine: { purchase, version in "\(purchase.customer):\(version.map(String.init) ?? "none")" })
        }
        .disableSnapshots()  // the table is rebuilt from its stream, never saved
        .input([
            .left(Purchase(customer: 1, sequence: 0)),
            .right(Profile(customer: 1, version: 1)),
            .left(Purchase(customer: 1, sequence: 1)),
            .right(Profile(customer: 1, version: 2)),
            .right(Profile(customer: 2, version: 7)),
            .left(Purchase(customer: 1, sequence: 2)),
            .left(Purchase(customer: 2, sequence: 0)),
            .right(Profile(customer: 1, version: -1)),  // a tombstone
            .left(Purchase(customer: 1, sequence: 3)),
        ])
        .expectOutput(["1:none", "1:1", "1:2", "2:7", "1:none"])
    }
}
