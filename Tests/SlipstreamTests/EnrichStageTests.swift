import Slipstream
import SlipstreamEngine
import SlipstreamGrid
import SlipstreamTestKit
import Synchronization
import Testing

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
