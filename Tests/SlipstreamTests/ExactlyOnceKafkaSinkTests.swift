import Foundation
import Slipstream
import SlipstreamEngine
import SlipstreamKafka
import SlipstreamTestKit
import Testing

/// The exactly-once Kafka sink inside a job: one transaction for all of the job's Kafka sinks, commit records in
/// the transaction log, and no exactly-once without snapshots.
@Suite struct ExactlyOnceKafkaSinkTests {
    /// Keeps snapshot entries in memory; every commit succeeds.
    final class MemorySnapshots: SnapshotSink, @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [Int64: [SnapshotEntry]] = [:]

        func write(snapshotID: Int64, vertex: String, instance: Int, entries: [SnapshotEntry]) {
            lock.withLock { self.entries[snapshotID, default: []] += entries }
        }

        func commit(snapshotID: Int64) async throws {}

        func saved(_ snapshotID: Int64) -> [SnapshotEntry] { lock.withLock { entries[snapshotID] ?? [] } }
    }

    @Test func twoSinksOfAJobCommitInOneTransactionWhoseRecordListsBothOutputs() async throws {
        let kafka = try makeCluster(topics: [
            .init("payments", partitions: 3), .init("charges", partitions: 2), .init("large-charges", partitions: 1),
            .init("payments-dead-letters", partitions: 1), .init("billing-transactions", partitions: 1),
        ])
        let topics = TestTopics(kafka)
        let payments = makePayments(2_000)
        try topics.produce(payments.map(\.json), to: "payments", key: { payments[$0].card })
        let large = payments.filter { $0.amount >= 200 }.count

        let pipeline = Pipeline("billing") { p in
            let charges = p.read(.kafka("payments", as: Payment.self, options: KafkaSourceOptions(start: .earliest, stopAtEnd: true)))
                .map { Charge(id: $0.id, card: $0.card, cents: Int64(($0.amount * 100).rounded())) }
            charges.write(.kafka("charges", key: \.card), name: "charges-out")
            charges.filter { $0.cents >= 20_000 }.write(.kafka("large-charges"), name: "large-out")
        }
        var config = configuration(kafka, parallelism: 2)
        config.job.processingGuarantee = .exactlyOnce
        let snapshots = MemorySnapshots()
        config.job.snapshotSink = snapshots
        let job = try pipeline.start(config)
        // The snapshot is requested as the job starts, so it lands before the bounded input ends.
        let snapshot = try await job.takeSnapshot()
        try await job.join()

        let log = try topics.read("billing-transactions", count: 1, timeout: .seconds(5))
        let commits = try log.map { try #require(KafkaSinkCommit(json: $0.value ?? [])) }
        #expect(!commits.isEmpty)
        #expect(commits.allSatisfy { $0.transactionalID == "billing.kafka-sinks" })
        #expect(commits.map(\.epoch) == Array(1...Int64(commits.count)), "one transaction after the other")
        #expect(commits.last?.reason == "completed")
        #expect(commits.first?.reason == "snapshot")
        // Both sinks saved the position of the transaction that committed with the snapshot.
        let saved = snapshots.saved(snapshot).filter { $0.key == Array(KafkaTransactionPosition.entryKey.utf8) }
        let positions = Set(saved.compactMap { KafkaTransactionPosition(annotation: String(decoding: $0.value, as: UTF8.self)) })
        #expect(saved.count == 2 && positions.count == 1)
        #expect(positions.first.map { position in position.isCommitted(by: commits[0]) } == true)
        // Every output record lies in exactly one committed range, and the ranges hold nothing else.
        for (topic, expected) in [("charges", payments.count), ("large-charges", large)] {
            let records = try topics.read(topic, count: expected)
            #expect(records.count == expected)
            for record in records {
                let holders = commits.flatMap(\.ranges).filter {
                    $0.topic == topic && $0.partition == record.partition && $0.first <= record.offset && record.offset <= $0.last
                }
                #expect(holders.count == 1, "\(topic)[\(record.partition)]@\(record.offset)")
            }
            let held = commits.flatMap(\.ranges).filter { $0.topic == topic }.reduce(0) { $0 + Int($1.last - $1.first + 1) }
            #expect(held == expected)
        }
    }

    @Test func exactlyOnceWithoutSnapshotsIsRefusedAtStart() throws {
        let kafka = try makeCluster(topics: [.init("payments", partitions: 1), .init("charges", partitions: 1)])
        let pipeline = Pipeline("no-snapshots") { p in
            p.read(.kafka("payments", as: Payment.self))
                .map { Charge(id: $0.id, card: $0.card, cents: 1) }
                .write(.kafka("charges"))
        }
        var config = configuration(kafka)
        config.job.processingGuarantee = .exactlyOnce
        #expect {
            try pipeline.start(config)
        } throws: { error in
            "\(error)".contains("configure a snapshot store")
        }
    }
}
