import Testing
@testable import SlipstreamKafka

@Suite("Consumer groups")
struct GroupRebalanceTests {
    /// Consumes one batch with `consumer` and commits it, as an at-least-once engine would. A batch whose commit
    /// a rebalance interrupts (REBALANCE_IN_PROGRESS, likely on a loaded machine) is not counted: the consumer
    /// seeks back to its start, so whoever owns its partitions after the rebalance reads it again, once.
    private func consumeAndCommit(
        _ consumer: KafkaConsumer, into seen: inout [String: Int], maxRecords: Int = 1_000, pollTimeout: Duration
    ) throws {
        try consumer.poll(maxRecords: maxRecords, timeout: pollTimeout) { batch in
            guard !batch.isEmpty else { return }
            var values: [String] = []
            var firstOffsets: [KafkaTopicPartition: Int64] = [:]
            for record in batch {
                values.append(record.valueString ?? "")
                let place = KafkaTopicPartition(topic: record.topic, partition: record.partition)
                firstOffsets[place] = min(firstOffsets[place] ?? record.offset, record.offset)
            }
            do {
                try consumer.commit(batch.nextOffsets)
            } catch let error as KafkaError where error.name == "REBALANCE_IN_PROGRESS" {
                try? consumer.seek(firstOffsets.map { KafkaTopicPartitionOffset($0.key, offset: $0.value) })
                return
            }
            for value in values { seen[value, default: 0] += 1 }
        }
    }

    @Test("two members split the partitions; when one leaves the other takes all and resumes from committed offsets")
    func twoMembersThenOne() throws {
        let kafka = try makeCluster(topics: [.init("events", partitions: 8)])
        let producer = try makeProducer(kafka) { $0.partitioner = .random }
        try produceAll(producer, topic: "events", values: (0..<4000).map { "m\($0)" })

        let eventsA = Recorder<KafkaRebalanceEvent>()
        let eventsB = Recorder<KafkaRebalanceEvent>()
        let settings: (inout KafkaConsumerConfiguration) -> Void = { $0.enableAutoCommit = false }
        let a = try makeConsumer(kafka, groupID: "g", onRebalance: { eventsA.append($0) }, configure: settings)
        let b = try makeConsumer(kafka, groupID: "g", onRebalance: { eventsB.append($0) }, configure: settings)
        try a.subscribe(["events"])
        try b.subscribe(["events"])

        // Phase 1: both members poll until the group has settled with both owning partitions; they consume
        // (slowly, small batches) meanwhile so that part of the backlog is left for phase 2.
        var seen: [String: Int] = [:]
        let settleDeadline = ContinuousClock.now.advanced(by: .seconds(30))
        var assignedA: [KafkaTopicPartition] = []
        var assignedB: [KafkaTopicPartition] = []
        while ContinuousClock.now < settleDeadline {
            try consumeAndCommit(a, into: &seen, maxRecords: 20, pollTimeout: .milliseconds(20))
            try consumeAndCommit(b, into: &seen, maxRecords: 20, pollTimeout: .milliseconds(20))
            assignedA = try a.assignment()
            assignedB = try b.assignment()
            if !assignedA.isEmpty && !assignedB.isEmpty && assignedA.count + assignedB.count == 8 { break }
        }
        #expect(!assignedA.isEmpty && !assignedB.isEmpty)
        #expect(Set(assignedA).isDisjoint(with: Set(assignedB)))
        #expect(Set(assignedA).union(assignedB) == Set((0..<8).map { KafkaTopicPartition(topic: "events", partition: $0) }))
        let consumedBeforeLeave = seen.values.reduce(0, +)
        #expect(consumedBeforeLeave < 4000, "phase 1 should leave records for phase 2")

        // Phase 2: A leaves cleanly; B must get all 8 partitions and continue from the committed offsets.
        try a.close()
        try produceAll(producer, topic: "events", values: (4000..<6000).map { "m\($0)" })
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while seen.count < 6000 && ContinuousClock.now < deadline {
            try consumeAndCommit(b, into: &seen, pollTimeout: .milliseconds(50))
        }
        #expect(Set(try b.assignment()).count == 8)
        #expect(seen.count == 6000, "every message consumed")
        #expect(seen.values.allSatisfy { $0 == 1 }, "no message consumed twice: \(seen.filter { $0.value > 1 }.prefix(5))")
        #expect(eventsA.all.contains { if case .revoked = $0 { true } else { false } })
        #expect(eventsB.all.contains { if case .assigned(let partitions) = $0 { partitions.count == 8 } else { false } })
        let lag = try b.lag((0..<8).map { KafkaTopicPartition(topic: "events", partition: $0) })
        #expect(lag.allSatisfy { $0.lag == 0 })
        try b.close()
    }

    @Test("cooperative-sticky: partitions move incrementally when a member joins and when it leaves")
    func cooperativeSticky() throws {
        let kafka = try makeCluster(topics: [.init("events", partitions: 6)])
        let settings: (inout KafkaConsumerConfiguration) -> Void = {
            $0.assignmentStrategy = .cooperativeSticky
            $0.enableAutoCommit = false
            // The mock waits up to session.timeout.ms - 1 s per rebalance; it must stay above its 3 s first join.
            $0.sessionTimeout = .milliseconds(4500)
        }
        let eventsA = Recorder<KafkaRebalanceEvent>()
        let a = try makeConsumer(kafka, groupID: "coop", onRebalance: { eventsA.append($0) }, configure: settings)
        let b = try makeConsumer(kafka, groupID: "coop", configure: settings)
        try a.subscribe(["events"])
        let all = Set((0..<6).map { KafkaTopicPartition(topic: "events", partition: $0) })

        func pollUntil(_ condition: () throws -> Bool, _ consumers: [KafkaConsumer]) throws {
            let deadline = ContinuousClock.now.advanced(by: .seconds(30))
            while try !condition() && ContinuousClock.now < deadline {
                for consumer in consumers { try consumer.poll(timeout: .milliseconds(20)) { _ in } }
            }
        }
        try pollUntil({ Set(try a.assignment()) == all }, [a])
        #expect(Set(try a.assignment()) == all)

        try b.subscribe(["events"])
        try pollUntil({ try !b.assignment().isEmpty && a.assignment().count < 6 }, [a, b])
        let shareA = Set(try a.assignment())
        let shareB = Set(try b.assignment())
        #expect(!shareA.isEmpty && !shareB.isEmpty && shareA.isDisjoint(with: shareB) && shareA.union(shareB) == all)
        // Incremental: A was only told about the partitions it gave up, never about losing all six.
        let revokedFromA = eventsA.all.compactMap { if case .revoked(let partitions) = $0 { partitions } else { nil } }
        #expect(!revokedFromA.isEmpty && revokedFromA.allSatisfy { $0.count < 6 })

        try b.close()
        try pollUntil({ Set(try a.assignment()) == all }, [a])
        #expect(Set(try a.assignment()) == all)
        try a.close()
    }
}
