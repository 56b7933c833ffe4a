import Foundation
import Slipstream
import SlipstreamEngine
import SlipstreamKafka
import SlipstreamTestKit
import Testing

@Suite struct KafkaPipelineTests {
    @Test func kafkaToDecodeToMapToKafkaAccountsForEveryEvent() throws {
        let kafka = try makeCluster(topics: [
            .init("payments", partitions: 4), .init("charges", partitions: 3), .init("payments-dead-letters", partitions: 1),
        ])
        let topics = TestTopics(kafka)
        let payments = makePayments(3_000)
        try topics.produce(payments.map(\.json), to: "payments", key: { payments[$0].card })

        let pipeline = Pipeline("charges") { p in
            p.read(.kafka("payments", as: Payment.self, options: KafkaSourceOptions(start: .earliest, stopAtEnd: true)))
                .timestamps(\.time, allowedLateness: .seconds(1))
                .map { Charge(id: $0.id, card: $0.card, cents: Int64(($0.amount * 100).rounded())) }
                .filter { $0.cents >= 0 }
                .write(.kafka("charges", key: \.card))
        }
        let job = try pipeline.start(configuration(kafka, parallelism: 2))
        try job.waitForCompletion()

        let written = try topics.read("charges", count: payments.count)
        let decoder = JSONEventDecoder()
        let charges = try written.map { try decoder.decode(Charge.self, from: $0.value ?? []) }
        #expect(charges.count == payments.count)
        #expect(Set(charges) == Set(payments.map { Charge(id: $0.id, card: $0.card, cents: Int64(($0.amount * 100).rounded())) }))
        // Keyed by card: every card's charges sit in one partition, in the order the payments were written.
        for card in Set(payments.map(\.card)) {
            let records = written.filter { $0.keyString == card }
            #expect(Set(records.map(\.partition)).count == 1)
            let ids = records.sorted { $0.offset < $1.offset }.compactMap { try? decoder.decode(Charge.self, from: $0.value ?? []).id }
            #expect(ids == payments.filter { $0.card == card }.map(\.id))
        }
        let metrics = job.metrics
        #expect(metrics[vertex: "payments"]?.itemsOut == payments.count)
        #expect(metrics[vertex: "payments"]?.parallelism == 2)
        #expect(metrics[vertex: "payments"]?.counters[Counter.Name.deadLetters, default: 0] == 0)
        #expect(metrics[vertex: "payments"]?.counters[Counter.Name.lateEvents, default: 0] == 0)
        #expect(metrics[vertex: "charges"]?.itemsIn == payments.count)
        #expect(try topics.read("payments-dead-letters", count: 0, timeout: .milliseconds(300)).isEmpty)
    }

    @Test func malformedPayloadsReachTheDeadLetterTopicWithTheirOrigin() throws {
        let kafka = try makeCluster(topics: [
            .init("payments", partitions: 2), .init("charges", partitions: 1), .init("payments-dead-letters", partitions: 1),
        ])
        let topics = TestTopics(kafka)
        let good = makePayments(200)
        let bad: [(key: String?, value: [UInt8]?, reason: String)] = [
            ("k1", Array(#"{"id":"x1","card":"c","amount":1.5"#.utf8), "invalid JSON"),
            ("k2", Array(#"{"id":"x2","card":"c","time":5}"#.utf8), #"missing field "amount""#),
            ("k3", Array(#"{"id":"x3","card":"c","amount":"ten","time":5}"#.utf8), #"field "amount""#),
            ("k4", nil, "no payload"),
            (nil, Array("oops, not json".utf8), "invalid JSON"),
        ]
        var messages = good.map { (key: Optional($0.card), value: Optional(Array($0.json.utf8))) }
        // Bad records among the good ones, so the job has to go on after each.
        for (index, record) in bad.enumerated() { messages.insert((record.key, record.value), at: index * 40 + 7) }
        let reports = try topics.produce(messages, to: "payments")

        let pipeline = Pipeline("dead-letters") { p in
            p.read(.kafka("payments", as: Payment.self, options: KafkaSourceOptions(start: .earliest, stopAtEnd: true)))
                .map { Charge(id: $0.id, card: $0.card, cents: Int64($0.amount * 100)) }
                .write(.kafka("charges"))
        }
        let job = try pipeline.start(configuration(kafka, parallelism: 2))
        try job.waitForCompletion()

        #expect(try topics.read("charges", count: good.count).count == good.count)
        let letters = try topics.read("payments-dead-letters", count: bad.count)
        #expect(letters.count == bad.count, "\(letters.map { ($0.header(DeadLetter.Header.offset) ?? "", $0.header(DeadLetter.Header.error) ?? "", $0.valueString ?? "nil") })")
        #expect(job.metrics[vertex: "payments"]?.counters[Counter.Name.deadLetters] == bad.count)
        for (index, record) in bad.enumerated() {
            let report = reports[index * 40 + 7]
            let letter = try #require(
                letters.first { $0.header(DeadLetter.Header.offset) == String(report.offset)
                    && $0.header(DeadLetter.Header.partition) == String(report.partition) })
            #expect(letter.header(DeadLetter.Header.topic) == "payments")
            #expect(letter.header(DeadLetter.Header.pipeline) == "dead-letters")
            #expect(letter.header(DeadLetter.Header.stage) == "payments")
            #expect(letter.header(DeadLetter.Header.error)?.contains(record.reason) == true, "\(letter.header(DeadLetter.Header.error) ?? "-")")
            #expect((letter.value ?? []) == (record.value ?? []))
            #expect(letter.keyString == record.key)
        }
    }

    /// Record timestamps of topic `events`: two of them (9,000 and 9,500) more than 500 ms behind the highest before.
    static let recordTimes: [Int64] = [10_000, 10_100, 10_200, 9_000, 10_300, 12_000, 9_500, 12_100]

    /// A cluster whose topic `events` holds one payment per time of ``recordTimes``, with that record timestamp.
    func makeTimedEvents() throws -> EmbeddedKafka {
        let kafka = try makeCluster(topics: [.init("events", partitions: 1)])
        let times = Self.recordTimes
        try TestTopics(kafka).produce(
            times.map { #"{"id":"e\#($0)","card":"c","amount":1,"time":0}"# }, to: "events", timestamp: { times[$0] })
        return kafka
    }

    @Test func recordTimestampsDriveWatermarksAndLateEvents() throws {
        let kafka = try makeTimedEvents()
        let times = Self.recordTimes
        let onTime = Collector<String>()
        let late = Collector<String>()
        let pipeline = Pipeline("record-time") { p in
            let events = p.read(
                .kafka("events", as: Payment.self, options: KafkaSourceOptions(start: .earliest, stopAtEnd: true, deadLetters: .discard)))
                .timestamps(.kafkaRecord, allowedLateness: .milliseconds(500))
            events.map(\.id).write(.collect(into: onTime))
            events.lateEvents.map(\.id).write(.collect(into: late))
        }
        let job = try pipeline.start(configuration(kafka, parallelism: 1))
        try job.waitForCompletion()
        #expect(onTime.items == times.filter { $0 != 9_000 && $0 != 9_500 }.map { "e\($0)" })
        #expect(late.items == ["e9000", "e9500"])
        #expect(onTime.latestWatermark == Watermark(12_100 - 500))
        #expect(job.metrics[vertex: "events"]?.counters[Counter.Name.lateEvents] == 2)
    }

    @Test func aKafkaSourceKeepsLateEventsInTheStreamWhenAsked() throws {
        let kafka = try makeTimedEvents()
        let all = Collector<String>()
        let pipeline = Pipeline("record-time-keep") { p in
            p.read(.kafka("events", as: Payment.self, options: KafkaSourceOptions(start: .earliest, stopAtEnd: true, deadLetters: .discard)))
                .timestamps(.kafkaRecord, allowedLateness: .milliseconds(500), late: .keep)
                .map(\.id).write(.collect(into: all))
        }
        let job = try pipeline.start(configuration(kafka, parallelism: 1))
        try job.waitForCompletion()
        #expect(all.items == Self.recordTimes.map { "e\($0)" })
        #expect(job.metrics[vertex: "events"]?.counters[Counter.Name.lateEvents] == 2)
    }

    @Test func theSourceReportsItsAssignmentAndLiveConsumerLag() throws {
        let kafka = try makeCluster(topics: [.init("payments", partitions: 2), .init("payments-dead-letters", partitions: 1)])
        let topics = TestTopics(kafka)
        let payments = makePayments(4_000)
        try topics.produce(payments.map(\.json), to: "payments", key: { payments[$0].card })
        // The sink holds its first payment until the gate opens: the queue before it (16 payments) and the source's
        // hand-off (4 polls of 10) fill, and the rest of the topic is lag, in both partitions (one of them may not
        // have been read from at all: it counts from its beginning).
        let gate = Gate()
        var options = KafkaSourceOptions(start: .earliest)
        options.pollBatchSize = 10
        let pipeline = Pipeline("lag") { p in
            p.read(.kafka("payments", as: Payment.self, options: options))
                .write(.forEach { _ in while !gate.isOpen { usleep(1_000) } })
        }
        var settings = configuration(kafka, parallelism: 1)
        settings.job.queueCapacity = 16
        let job = try pipeline.start(settings)
        defer {
            gate.open()
            job.cancel()
            try? job.waitForCompletion()
        }
        func lag() -> Int? { job.metrics.kafkaConsumerLag["payments"] }
        let held = try waitFor(lag, until: { ($0 ?? 0) >= payments.count - 500 })
        #expect((held ?? 0) >= payments.count - 500, "lag while held: \(held.map(String.init) ?? "none")")
        #expect((held ?? 0) <= payments.count)
        #expect(job.metrics.kafkaSourcesAwaitingAssignment.isEmpty)

        gate.open()
        let caughtUp = try waitFor(lag, until: { $0 == 0 })
        #expect(caughtUp == 0)
        #expect(job.metrics.kafkaConsumerLag.keys.sorted() == ["payments"])
    }

    /// Shut until opened, readable from any thread.
    private final class Gate: @unchecked Sendable {
        private let lock = NSLock()
        private var opened = false
        var isOpen: Bool { lock.withLock { opened } }
        func open() { lock.withLock { opened = true } }
    }

    /// Polls `value` every 20 ms until `accept` holds or 30 s pass; returns the last value.
    private func waitFor<T>(_ value: () -> T, until accept: (T) -> Bool) throws -> T {
        let deadline = ContinuousClock.now + .seconds(30)
        var last = value()
        while !accept(last) && ContinuousClock.now < deadline {
            usleep(20_000)
            last = value()
        }
        return last
    }

    @Test func aMissingTopicFailsTheJobNamingIt() throws {
        let kafka = try makeCluster(topics: [.init("present", partitions: 1)])
        let pipeline = Pipeline("missing") { p in
            p.read(.kafka("absent", as: Payment.self, options: KafkaSourceOptions(start: .earliest, stopAtEnd: true, deadLetters: .discard)))
                .write(.forEach { _ in })
        }
        let job = try pipeline.start(configuration(kafka, parallelism: 1))
        let error = try #require(throws: EngineError.self) { try job.waitForCompletion() }
        #expect(error.vertex == "absent")
        #expect("\(error)".contains("absent"))
    }

    @Test func aPipelineWithKafkaStagesNeedsAConnection() throws {
        let pipeline = Pipeline("unconnected") { p in
            p.read(.kafka("in", as: Payment.self)).write(.forEach { _ in })
        }
        let error = try #require(throws: PipelineError.self) { try pipeline.start() }
        #expect(error.description.contains("no Kafka connection"))
    }
}
