import Testing
@testable import SlipstreamKafka

@Suite("Sending a KafkaMessageBatch in one call")
struct MessageBatchTests {
    /// Reads `count` records of `topic` from the beginning (or fewer, after 60 s).
    private func readBack(_ kafka: EmbeddedKafka, topic: String, count: Int) throws -> [KafkaRecordCopy] {
        let consumer = try KafkaConsumer(configuration: kafka.consumerConfiguration(groupID: "batch-\(topic)"))
        defer { try? consumer.close() }
        try consumer.subscribe([topic])
        var records: [KafkaRecordCopy] = []
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while records.count < count && ContinuousClock.now < deadline {
            try consumer.poll(timeout: .milliseconds(100)) { batch in
                for record in batch {
                    records.append(KafkaRecordCopy(key: record.keyString, value: record.valueString ?? "", partition: record.partition))
                }
            }
        }
        return records
    }

    struct KafkaRecordCopy {
        var key: String?
        var value: String
        var partition: Int32
    }

    @Test("20,000 messages in batches of 1,000, keyed and not, come back once each; a key's messages stay in order on one partition")
    func roundTrip() throws {
        let kafka = try EmbeddedKafka(brokers: 1, topics: [.init("batched", partitions: 4)], retentionCheckInterval: nil)
        let producer = try KafkaProducer(configuration: kafka.producerConfiguration())
        let topic = try producer.topic("batched")
        let count = 20_000
        var batch = KafkaMessageBatch()
        var reports: [KafkaDeliveryReport] = []
        for index in 0..<count {
            // Every seventh message has no key; the others are spread over 50 keys.
            let value = "{\"n\":\(index)}"
            if index % 7 == 0 {
                batch.append(key: nil) { bytes in bytes.append(contentsOf: value.utf8) }
            } else {
                var key = "k\(index % 50)"
                key.withUTF8 { batch.append(key: UnsafeRawBufferPointer($0)) { bytes in bytes.append(contentsOf: value.utf8) } }
            }
            if batch.count == 1_000 {
                try producer.send(batch, to: topic, id: 7)
                batch.removeAll()
                producer.poll(into: &reports)
            }
        }
        #expect(batch.isEmpty)
        try producer.flush(timeout: .seconds(30))
        producer.poll(into: &reports)
        #expect(reports.count == count)
        #expect(reports.allSatisfy { $0.isDelivered && $0.id == 7 })

        let records = try readBack(kafka, topic: "batched", count: count)
        #expect(records.count == count)
        var seen = Set<Int>()
        var lastPerKey: [String: (index: Int, partition: Int32)] = [:]
        var problems: [String] = []
        for record in records {
            guard let index = Int(record.value.dropFirst(5).dropLast()) else {
                problems.append("unreadable \(record.value)")
                continue
            }
            if !seen.insert(index).inserted { problems.append("duplicate \(index)") }
            let expectedKey: String? = index % 7 == 0 ? nil : "k\(index % 50)"
            if record.key != expectedKey { problems.append("key of \(index): \(record.key ?? "none")") }
            guard let key = record.key else { continue }
            if let last = lastPerKey[key] {
                if last.partition != record.partition { problems.append("\(key) on two partitions") }
                if last.index > index { problems.append("\(key) out of order") }
            }
            lastPerKey[key] = (index, record.partition)
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }

    @Test(
        "a batch's keyed messages land where librdkafka's own partitioner puts them one by one, for each key-based partitioner",
        arguments: ["consistent_random", "consistent", "murmur2_random", "murmur2", "fnv1a_random", "fnv1a"])
    func partitionsLikeLibrdkafka(partitioner: String) throws {
        let kafka = try EmbeddedKafka(
            brokers: 1, topics: [.init("batched", partitions: 7), .init("one-by-one", partitions: 7)],
            retentionCheckInterval: nil)
        var configuration = kafka.producerConfiguration()
        configuration.partitioner = KafkaPartitioner(rawValue: partitioner)
        let producer = try KafkaProducer(configuration: configuration)
        let batched = try producer.topic("batched")
        let oneByOne = try producer.topic("one-by-one")
        let keys = (0..<300).map { "card-\($0 * 7919)" } + ["", "ü-\u{1F600}"]
        var batch = KafkaMessageBatch()
        for (index, key) in keys.enumerated() {
            var key = key
            key.withUTF8 { batch.append(key: UnsafeRawBufferPointer($0)) { bytes in bytes.append(contentsOf: "\(index)".utf8) } }
            try producer.send(to: oneByOne, key: key, value: "\(index)")
        }
        try producer.send(batch, to: batched)
        // The batch took the path this test is about: its partitions were worked out before librdkafka's.
        #expect(batched.keyPartitioning()?.partitionCount == 7)
        try producer.flush(timeout: .seconds(30))
        let fromBatch = try readBack(kafka, topic: "batched", count: keys.count)
        let fromOneByOne = try readBack(kafka, topic: "one-by-one", count: keys.count)
        #expect(fromBatch.count == keys.count && fromOneByOne.count == keys.count)
        let expected = Dictionary(fromOneByOne.map { ($0.key ?? "-", $0.partition) }, uniquingKeysWith: { first, _ in first })
        let placed = Dictionary(fromBatch.map { ($0.key ?? "-", $0.partition) }, uniquingKeysWith: { first, _ in first })
        // An empty key goes to a random partition under the `_random` partitioners, one by one or batched.
        #expect(placed.keys.sorted() == expected.keys.sorted())
        #expect(placed.filter { !$0.key.isEmpty } == expected.filter { !$0.key.isEmpty })
        #expect(Set(placed.values).count > 1)
    }

    @Test("a refused message is named by its position in the batch, whatever partition order the batch is queued in")
    func refusedKeyedMessage() throws {
        let kafka = try EmbeddedKafka(brokers: 1, topics: [.init("limited-keyed", partitions: 5)], retentionCheckInterval: nil)
        var configuration = kafka.producerConfiguration()
        configuration.properties["message.max.bytes"] = "2000"
        let producer = try KafkaProducer(configuration: configuration)
        let topic = try producer.topic("limited-keyed")
        var batch = KafkaMessageBatch()
        for index in 0..<8 {
            let size = index == 5 ? 10_000 : 10
            var key = "key-\(index)"
            key.withUTF8 {
                batch.append(key: UnsafeRawBufferPointer($0)) { bytes in
                    bytes.append(contentsOf: repeatElement(UInt8(ascii: "a") + UInt8(index), count: size))
                }
            }
        }
        let error = #expect(throws: KafkaError.self) { try producer.send(batch, to: topic) }
        #expect(error?.description.contains("message 6 of 8") == true, "\(error.map { "\($0)" } ?? "")")
        try producer.flush(timeout: .seconds(30))
        let values = Set(try readBack(kafka, topic: "limited-keyed", count: 7).map(\.value))
        #expect(values == Set([0, 1, 2, 3, 4, 6, 7].map { String(repeating: String(UnicodeScalar(UInt8(ascii: "a") + UInt8($0))), count: 10) }))
    }

    @Test("a batch larger than the local queue is sent whole: the producer polls while the queue is full")
    func fullQueue() throws {
        let kafka = try EmbeddedKafka(brokers: 1, topics: [.init("small-queue", partitions: 2)], retentionCheckInterval: nil)
        var configuration = kafka.producerConfiguration()
        configuration.queueMaxMessages = 100
        configuration.linger = .milliseconds(1)
        configuration.deliveryReports = .errorsOnly
        let producer = try KafkaProducer(configuration: configuration)
        let topic = try producer.topic("small-queue")
        var batch = KafkaMessageBatch()
        for index in 0..<3_000 {
            batch.append(key: nil) { bytes in bytes.append(contentsOf: "m\(index)".utf8) }
        }
        try producer.send(batch, to: topic)
        try producer.flush(timeout: .seconds(30))
        #expect(producer.failedDeliveries == 0)
        let values = Set(try readBack(kafka, topic: "small-queue", count: 3_000).map(\.value))
        #expect(values == Set((0..<3_000).map { "m\($0)" }))
    }

    @Test("a message over message.max.bytes is refused by its position in the batch; the others are sent")
    func oversizedMessage() throws {
        let kafka = try EmbeddedKafka(brokers: 1, topics: [.init("limited", partitions: 1)], retentionCheckInterval: nil)
        var configuration = kafka.producerConfiguration()
        configuration.properties["message.max.bytes"] = "2000"
        let producer = try KafkaProducer(configuration: configuration)
        let topic = try producer.topic("limited")
        var batch = KafkaMessageBatch()
        for index in 0..<5 {
            let size = index == 2 ? 10_000 : 10
            batch.append(key: nil) { bytes in bytes.append(contentsOf: repeatElement(UInt8(ascii: "a") + UInt8(index), count: size)) }
        }
        let error = #expect(throws: KafkaError.self) { try producer.send(batch, to: topic) }
        #expect(error?.description.contains("message 3 of 5") == true, "\(error.map { "\($0)" } ?? "")")
        try producer.flush(timeout: .seconds(30))
        let values = try readBack(kafka, topic: "limited", count: 4).map(\.value)
        #expect(values == ["aaaaaaaaaa", "bbbbbbbbbb", "dddddddddd", "eeeeeeeeee"])
    }

    @Test("a value writer that throws leaves the batch as it was")
    func throwingWriter() {
        struct Refused: Error {}
        var batch = KafkaMessageBatch()
        batch.append(key: nil) { bytes in bytes.append(contentsOf: [1, 2, 3]) }
        #expect(throws: Refused.self) {
            try "key".utf8.withContiguousStorageIfAvailable { key in
                try batch.append(key: UnsafeRawBufferPointer(key)) { bytes throws(Refused) in
                    bytes.append(contentsOf: [9, 9])
                    throw Refused()
                }
            }
        }
        #expect(batch.count == 1)
        #expect(batch.byteCount == 3)
    }
}
