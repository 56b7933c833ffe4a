import Testing
@testable import SlipstreamKafka

@Suite("Bad input: clear errors, bounded waits")
struct BadInputTests {
    @Test("an unknown property is named in the error with librdkafka's message")
    func unknownProperty() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:9092")
        configuration.properties["no.such.property"] = "1"
        let error = #expect(throws: KafkaError.self) { try KafkaProducer(configuration: configuration, logger: quietLogger) }
        #expect(error?.property == "no.such.property")
        #expect(error?.message.contains("No such configuration property") == true)
        #expect(error?.code == .invalidArgument)
    }

    @Test("an invalid value is named in the error")
    func invalidValue() throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: "127.0.0.1:9092", groupID: "g")
        configuration.properties["session.timeout.ms"] = "not-a-number"
        let error = #expect(throws: KafkaError.self) { try KafkaConsumer(configuration: configuration, logger: quietLogger) }
        #expect(error?.property == "session.timeout.ms")
        #expect(error.map { "\($0)" }?.contains("session.timeout.ms") == true)
    }

    @Test("an inconsistent combination names the property librdkafka complains about")
    func inconsistentCombination() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:9092")
        configuration.transactionalID = "tx"
        configuration.properties["enable.idempotence"] = "false"
        let error = #expect(throws: KafkaError.self) { try KafkaProducer(configuration: configuration, logger: quietLogger) }
        #expect(error?.property == "transactional.id")
    }

    @Test("an unreachable bootstrap fails metadata queries and deliveries within their timeouts")
    func unreachableBootstrap() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.messageTimeout = .seconds(1)
        let producer = try KafkaProducer(configuration: configuration, logger: quietLogger)
        let metadataError = #expect(throws: KafkaError.self) { try producer.partitionCount(of: "t", timeout: .seconds(1)) }
        #expect(metadataError.map { [.transport, .timedOut, .allBrokersDown].contains($0.code) } == true)

        try producer.send(to: "t", value: "lost", id: 7)
        let reports = try awaitReports(producer, count: 1, within: .seconds(10))
        #expect(reports.map(\.id) == [7])
        #expect(reports.first?.error?.code == .messageTimedOut)

        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: "127.0.0.1:1", groupID: "g"), logger: quietLogger)
        #expect(throws: KafkaError.self) { try consumer.watermarks(topic: "t", partition: 0, timeout: .seconds(1)) }
        #expect(throws: KafkaError.self) { try consumer.committed([KafkaTopicPartition(topic: "t", partition: 0)], timeout: .seconds(1)) }
    }

    @Test("a missing topic with auto-creation off: metadata says so, deliveries fail, subscriptions report it")
    func missingTopic() throws {
        let kafka = try makeCluster(topics: [.init("present", partitions: 1)])
        let producer = try makeProducer(kafka) {
            $0.allowAutoCreateTopics = false
            $0.properties["topic.metadata.propagation.max.ms"] = "500"
        }
        let consumer = try makeConsumer(kafka, groupID: "g")
        for error in [
            #expect(throws: KafkaError.self) { try producer.partitionCount(of: "missing", timeout: .seconds(5)) },
            #expect(throws: KafkaError.self) { try consumer.partitionCount(of: "missing", timeout: .seconds(5)) },
        ] {
            #expect(error?.code == .unknownTopicOrPartition)
            #expect(error?.message.contains("'missing' does not exist") == true)
        }

        // librdkafka 2.0.2's mock speaks Metadata v2, which has no "do not auto-create" flag: a client naming the
        // topic would make the mock create it. A topic-level error makes the mock answer as a broker without
        // the topic does, which is what the clients' handling is tested against.
        try kafka.setTopicError(.unknownTopicOrPartition, topic: "missing")
        try producer.send(to: "missing", value: "x", id: 1)
        let reports = try awaitReports(producer, count: 1, within: .seconds(15))
        #expect(reports.first.map { [.unknownTopic, .unknownTopicOrPartition].contains($0.error?.code) } == true)

        try consumer.subscribe(["missing"])
        var errors: [KafkaError] = []
        let deadline = ContinuousClock.now.advanced(by: .seconds(15))
        while errors.isEmpty && ContinuousClock.now < deadline {
            try consumer.poll(timeout: .milliseconds(100)) { batch in errors += batch.errors }
        }
        #expect(errors.contains { $0.code == .unknownTopicOrPartition })
    }

    @Test("sending to a partition the topic does not have fails at once or in its report")
    func unknownPartition() throws {
        let kafka = try makeCluster(topics: [.init("t", partitions: 2)])
        let producer = try makeProducer(kafka)
        #expect(try producer.partitionCount(of: "t", timeout: .seconds(5)) == 2)
        do {
            try producer.send(to: "t", partition: 5, value: "x", id: 3)
            let reports = try awaitReports(producer, count: 1, within: .seconds(15))
            #expect(reports.first?.error?.code == .unknownPartition)
        } catch let error as KafkaError {
            #expect(error.code == .unknownPartition)
        }
    }

    @Test("a full local queue makes send throw queueFull after its wait, naming the topic")
    func queueFull() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.queueMaxMessages = 10
        configuration.queueFullWait = .milliseconds(100)
        let producer = try KafkaProducer(configuration: configuration, logger: quietLogger)
        let topic = try producer.topic("t")
        for index in 0..<10 { try producer.send(to: topic, value: "\(index)") }
        let error = #expect(throws: KafkaError.self) { try producer.send(to: topic, value: "one too many") }
        #expect(error?.code == .queueFull)
        #expect(error?.isRetriable == true)
        #expect(error?.message.contains("t") == true)
    }

    @Test("an embedded cluster rejects bad topic specs")
    func badTopicSpecs() throws {
        #expect(EmbeddedKafka.TopicSpec(parsing: "events:8") == .init("events", partitions: 8))
        #expect(EmbeddedKafka.TopicSpec(parsing: "events:8:2") == .init("events", partitions: 8, replicationFactor: 2))
        for bad in ["events", "events:", "events:0", ":3", "events:x", "events:1:0", "a:1:2:3"] {
            #expect(EmbeddedKafka.TopicSpec(parsing: bad) == nil, "\(bad)")
        }
        let kafka = try makeCluster(topics: [.init("t", partitions: 1)])
        #expect(throws: KafkaError.self) { try kafka.createTopic("t", partitions: 1) }
        #expect(throws: KafkaError.self) { try kafka.createTopic(.init("u", partitions: 1, replicationFactor: 2)) }
        #expect(throws: KafkaError.self) { try kafka.createTopic("v", partitions: 0) }
        kafka.shutdown()
        #expect(throws: KafkaError.self) { try kafka.createTopic("w", partitions: 1) }
    }

    private func awaitReports(_ producer: KafkaProducer, count: Int, within timeout: Duration) throws -> [KafkaDeliveryReport] {
        var reports: [KafkaDeliveryReport] = []
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while reports.count < count && ContinuousClock.now < deadline {
            producer.poll(timeout: .milliseconds(50), into: &reports)
        }
        return reports
    }
}
