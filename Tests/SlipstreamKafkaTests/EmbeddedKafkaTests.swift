import Logging
import Testing
@testable import SlipstreamKafka

@Suite("EmbeddedKafka")
struct EmbeddedKafkaTests {
    @Test("bootstrap servers name every broker; shutdown is idempotent")
    func bootstrapAndShutdown() throws {
        let kafka = try makeCluster(brokers: 3, topics: [.init("t", partitions: 3)])
        #expect(kafka.bootstrapServers.split(separator: ",").count == 3)
        #expect(kafka.brokerIDs == [1, 2, 3])
        #expect(kafka.topics == [.init("t", partitions: 3, replicationFactor: 3)])
        kafka.shutdown()
        kafka.shutdown()
        #expect(throws: KafkaError.self) { try kafka.setBrokerDown(1) }
    }

    @Test("the retention check flags partitions near the cap and partitions that dropped records")
    func retentionCheck() throws {
        let kafka = try makeCluster(topics: [.init("near", partitions: 1), .init("over", partitions: 1), .init("small", partitions: 1)])
        let producer = try makeProducer(kafka)
        let record = String(repeating: "x", count: 10_000)
        // ~4.4 MB: above 80% of the cap, below it. ~7 MB: beyond the cap, the mock drops the oldest records.
        try produceAll(producer, topic: "near", values: Array(repeating: record, count: 440))
        try produceAll(producer, topic: "over", values: Array(repeating: record, count: 700))
        try produceAll(producer, topic: "small", values: Array(repeating: record, count: 10))

        let usage = try kafka.partitionUsage()
        let byTopic = Dictionary(uniqueKeysWithValues: usage.map { ($0.topicPartition.topic, $0) })
        #expect(byTopic["near"]?.isNearRetentionCap == true)
        #expect(byTopic["near"]?.hasDroppedRecords == false)
        #expect(byTopic["over"]?.hasDroppedRecords == true)
        #expect(byTopic["small"].map { !$0.isNearRetentionCap && !$0.hasDroppedRecords } == true)
        #expect(byTopic["small"]?.watermarks == KafkaWatermarks(low: 0, high: 10))

        let flagged = try kafka.checkRetention()
        #expect(Set(flagged.map(\.topicPartition.topic)) == ["near", "over"])
    }

    @Test("a broker's round-trip time can be raised and reset without breaking clients")
    func roundTripTime() throws {
        let kafka = try makeCluster(topics: [.init("t", partitions: 1)])
        try kafka.setRoundTripTime(.milliseconds(30), broker: 1)
        let producer = try makeProducer(kafka)
        let reports = try produceAll(producer, topic: "t", values: (0..<50).map { "\($0)" })
        #expect(reports.count == 50 && reports.allSatisfy(\.isDelivered))
        try kafka.setRoundTripTime(.zero, broker: 1)
        #expect(throws: KafkaError.self) { try kafka.setRoundTripTime(.zero, broker: 9) }
    }

    @Test("the brokers' listening and accepted sockets get TCP_NODELAY, as a real broker's do")
    func noDelayOnBrokerSockets() throws {
        let kafka = try makeCluster(brokers: 2, topics: [.init("t", partitions: 2)])
        let producer = try makeProducer(kafka)
        try produceAll(producer, topic: "t", values: ["a", "b"])
        var sockets = kafka.noDelay.brokerSockets()
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        while sockets.contains(where: { !$0.noDelay }) && ContinuousClock.now < deadline {
            _ = producer.poll(timeout: .milliseconds(20))
            sockets = kafka.noDelay.brokerSockets()
        }
        // Two listeners plus at least one accepted connection from the producer.
        #expect(sockets.count >= 3)
        #expect(sockets.allSatisfy { $0.noDelay })
    }
}
