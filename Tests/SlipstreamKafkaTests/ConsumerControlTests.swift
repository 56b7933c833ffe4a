import Testing
@testable import SlipstreamKafka

@Suite("Consumer: assignment, seek, pause/resume, commits, watermarks, lag")
struct ConsumerControlTests {
    @Test("manual assignment from an offset, seek back, and watermarks")
    func assignSeekWatermarks() throws {
        let kafka = try makeCluster(topics: [.init("t", partitions: 2)])
        let producer = try makeProducer(kafka)
        let reports = try produceAll(producer, topic: "t", values: (0..<100).map { "v\($0)" }, partition: 1)
        #expect(reports.allSatisfy { $0.partition == 1 && $0.isDelivered })
        #expect(reports.map(\.offset) == (0..<100).map { Int64($0) })

        let consumer = try makeConsumer(kafka)
        try consumer.assign([KafkaTopicPartitionOffset(topic: "t", partition: 1, offset: 50)])
        let tail = try drain(consumer, count: 50)
        #expect(tail.map(\.value) == (50..<100).map { "v\($0)" })
        #expect(try consumer.assignment() == [KafkaTopicPartition(topic: "t", partition: 1)])

        try consumer.seek([KafkaTopicPartitionOffset(topic: "t", partition: 1, offset: 10)])
        let again = try drain(consumer, count: 90)
        #expect(again.map(\.offset) == (10..<100).map { Int64($0) })

        #expect(try consumer.watermarks(topic: "t", partition: 1) == KafkaWatermarks(low: 0, high: 100))
        #expect(try consumer.watermarks(topic: "t", partition: 0) == KafkaWatermarks(low: 0, high: 0))
        #expect(try consumer.partitionCount(of: "t") == 2)
    }

    @Test("end offsets of partitions on several brokers, in the order asked, in one call")
    func endOffsets() throws {
        let kafka = try makeCluster(brokers: 3, topics: [.init("a", partitions: 3), .init("b", partitions: 2)])
        let producer = try makeProducer(kafka)
        for partition in 0..<3 {
            let values = (0..<(10 * (partition + 1))).map { "v\($0)" }
            try produceAll(producer, topic: "a", values: values, partition: Int32(partition))
        }
        try produceAll(producer, topic: "b", values: ["x"], partition: 1)
        let consumer = try makeConsumer(kafka)
        let asked = [(topic: "b", partition: Int32(1)), ("a", 2), ("b", 0), ("a", 0), ("a", 1)]
            .map { KafkaTopicPartition(topic: $0.0, partition: $0.1) }
        let ends = try consumer.endOffsets(of: asked)
        #expect(ends.map(\.topicPartition) == asked)
        #expect(ends.map(\.offset) == [1, 30, 0, 10, 20])
        // The same figures as the two-request-per-partition query.
        for entry in ends {
            #expect(try consumer.watermarks(topic: entry.topic, partition: entry.partition).high == entry.offset)
        }
        #expect(try consumer.endOffsets(of: []).isEmpty)
        #expect(throws: KafkaError.self) {
            try consumer.endOffsets(of: [KafkaTopicPartition(topic: "a", partition: 7)], timeout: .seconds(2))
        }
    }

    @Test("a held batch outlives its poll until released")
    func heldBatch() throws {
        let kafka = try makeCluster(topics: [.init("t", partitions: 1)])
        let producer = try makeProducer(kafka)
        try produceAll(producer, topic: "t", values: (0..<10).map { "v\($0)" }, partition: 0)
        let consumer = try makeConsumer(kafka)
        try consumer.assign([KafkaTopicPartitionOffset(topic: "t", partition: 0, offset: KafkaOffset.beginning)])
        var held: [KafkaHeldRecordBatch] = []
        var count = 0
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while count < 10 && ContinuousClock.now < deadline {
            let batch = try consumer.pollBatch(maxRecords: 3, timeout: .milliseconds(50))
            #expect(batch.count <= 3)
            count += batch.count
            held.append(batch)
        }
        // Polling went on while earlier batches were held; their records are still readable.
        #expect(held.flatMap { batch in batch.map { $0.valueString ?? "" } } == (0..<10).map { "v\($0)" })
        #expect(held.last(where: { !$0.isEmpty })?.view.nextOffsets == [KafkaTopicPartitionOffset(topic: "t", partition: 0, offset: 10)])
        for batch in held { batch.release() }
        #expect(held.allSatisfy { $0.isEmpty })
        held.first?.release()
    }

    @Test("a paused partition delivers nothing until resumed")
    func pauseResume() throws {
        let kafka = try makeCluster(topics: [.init("t", partitions: 2)])
        let producer = try makeProducer(kafka)
        let consumer = try makeConsumer(kafka)
        try consumer.assign([
            KafkaTopicPartitionOffset(topic: "t", partition: 0, offset: KafkaOffset.beginning),
            KafkaTopicPartitionOffset(topic: "t", partition: 1, offset: KafkaOffset.beginning),
        ])
        try consumer.pause([KafkaTopicPartition(topic: "t", partition: 0)])
        try produceAll(producer, topic: "t", values: (0..<20).map { "a\($0)" }, partition: 0)
        try produceAll(producer, topic: "t", values: (0..<20).map { "b\($0)" }, partition: 1)
        let whilePaused = try drain(consumer, count: 20)
        #expect(whilePaused.allSatisfy { $0.partition == 1 })
        #expect(try pollFor(consumer, .milliseconds(300)).isEmpty)
        try consumer.resume([KafkaTopicPartition(topic: "t", partition: 0)])
        let afterResume = try drain(consumer, count: 20)
        #expect(afterResume.map(\.value) == (0..<20).map { "a\($0)" })
    }

    @Test("sync and async commits, committed offsets and lag")
    func commits() throws {
        let kafka = try makeCluster(topics: [.init("t", partitions: 1)])
        let producer = try makeProducer(kafka)
        try produceAll(producer, topic: "t", values: (0..<100).map { "v\($0)" })
        let commits = Recorder<KafkaCommitResult>()
        let consumer = try makeConsumer(kafka, groupID: "c", onCommit: { commits.append($0) }, configure: {
            $0.enableAutoCommit = false
        })
        try consumer.assign([KafkaTopicPartitionOffset(topic: "t", partition: 0, offset: KafkaOffset.beginning)])
        _ = try drain(consumer, count: 100)
        let partition = KafkaTopicPartition(topic: "t", partition: 0)

        try consumer.commit([KafkaTopicPartitionOffset(partition, offset: 60)])
        #expect(try consumer.committed([partition]) == [KafkaTopicPartitionOffset(partition, offset: 60)])
        #expect(try consumer.lag([partition]).map(\.lag) == [40])

        try consumer.commitAsync([KafkaTopicPartitionOffset(partition, offset: 90)])
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        let committed90: [KafkaTopicPartitionOffset] = [KafkaTopicPartitionOffset(partition, offset: 90)]
        while !commits.all.contains(where: { (try? $0.get()) == committed90 }) && ContinuousClock.now < deadline {
            _ = try pollFor(consumer, .milliseconds(20))
        }
        // The handler hears every commit: the synchronous one above, then the asynchronous one.
        #expect(commits.all.compactMap { try? $0.get() } == [[KafkaTopicPartitionOffset(partition, offset: 60)], committed90])
        #expect(try consumer.committed([partition]) == [KafkaTopicPartitionOffset(partition, offset: 90)])

        // With offsets stored on poll, a bare commit() commits what was handed out: all 100.
        try consumer.commit()
        #expect(try consumer.committed([partition]) == [KafkaTopicPartitionOffset(partition, offset: 100)])
    }

    @Test("the end of each partition is reported when asked for")
    func endOfPartition() throws {
        let kafka = try makeCluster(topics: [.init("t", partitions: 2)])
        let producer = try makeProducer(kafka)
        try produceAll(producer, topic: "t", values: ["x"], partition: 0)
        let consumer = try makeConsumer(kafka, configure: { $0.reportEndOfPartition = true })
        try consumer.assign((0..<2).map { KafkaTopicPartitionOffset(topic: "t", partition: $0, offset: KafkaOffset.beginning) })
        var ended = Set<KafkaTopicPartition>()
        var values: [String] = []
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while ended.count < 2 && ContinuousClock.now < deadline {
            try consumer.poll(timeout: .milliseconds(50)) { batch in
                ended.formUnion(batch.reachedEnd)
                values += batch.map { $0.valueString ?? "" }
            }
        }
        #expect(ended == [KafkaTopicPartition(topic: "t", partition: 0), KafkaTopicPartition(topic: "t", partition: 1)])
        #expect(values == ["x"])
    }

    @Test("polling a closed consumer throws instead of crashing")
    func closedConsumer() throws {
        let kafka = try makeCluster(topics: [.init("t", partitions: 1)])
        let consumer = try makeConsumer(kafka)
        try consumer.close()
        #expect(throws: KafkaError.self) { try consumer.poll(timeout: .zero) { _ in } }
    }
}
