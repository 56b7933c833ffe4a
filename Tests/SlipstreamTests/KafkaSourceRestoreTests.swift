@testable import Slipstream
import SlipstreamTestKit
import Testing

@Suite struct KafkaSourceRestoreTests {
    @Test func restoredPositionsResumeEachPartitionWhereTheSnapshotLeftIt() throws {
        let kafka = try makeCluster(topics: [.init("events", partitions: 2)])
        let topics = TestTopics(kafka)
        let payments = makePayments(200)
        let reports = try topics.produce(payments.map(\.json), to: "events", key: { payments[$0].card })
        // A snapshot that had emitted the first 30 records of partition 0 and the first 10 of partition 1.
        var positions = OffsetEncoding()
        positions.append(KafkaTopicPartition(topic: "events", partition: 0), position: 30)
        positions.append(KafkaTopicPartition(topic: "events", partition: 1), position: 10)
        let restored = [SnapshotEntry(key: "kafka-positions", value: positions.bytes)]

        let collector = Collector<String>()
        let pipeline = Pipeline("restore") { p in
            p.read(.kafka("events", as: Payment.self, options: KafkaSourceOptions(start: .earliest, stopAtEnd: true)))
                .map(\.id)
                .write(.collect(into: collector))
        }
        var configuration = configuration(kafka, parallelism: 2)
        configuration.job.restoredState = ["events": restored]
        try pipeline.run(configuration)

        let expected = zip(payments, reports)
            .filter { $0.1.offset >= ($0.1.partition == 0 ? 30 : 10) }
            .map(\.0.id)
        #expect(Set(collector.items) == Set(expected))
        #expect(collector.count == expected.count)
        // Both partitions got records beyond their restored positions, so both restores were exercised.
        #expect(expected.count == payments.count - 30 - 10)
    }

    @Test func savedPositionsRoundTrip() throws {
        var encoding = OffsetEncoding()
        encoding.append(KafkaTopicPartition(topic: "a", partition: 3), position: 42)
        encoding.append(KafkaTopicPartition(topic: "bé", partition: 0), position: Int64.max)
        let decoded = try OffsetEncoding.decode(encoding.bytes)
        #expect(decoded.map(\.0) == [KafkaTopicPartition(topic: "a", partition: 3), KafkaTopicPartition(topic: "bé", partition: 0)])
        #expect(decoded.map(\.1) == [42, Int64.max])
        #expect(throws: EngineError.self) { try OffsetEncoding.decode(Array(encoding.bytes.dropLast())) }
        #expect(throws: EngineError.self) { try OffsetEncoding.decode([9]) }
    }
}
