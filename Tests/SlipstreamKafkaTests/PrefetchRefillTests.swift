import Testing
@testable import SlipstreamKafka

@Suite("Waking librdkafka's fetcher once a full prefetch queue has drained")
struct PrefetchRefillTests {
    /// One poll's decision (a mutating call cannot sit inside `#expect`).
    private func poll(_ refill: inout KafkaPrefetchRefill, records: Int, bytes: Int, queueLength: Int) -> Bool {
        refill.polled(records: records, bytes: bytes, queueLength: queueLength)
    }

    @Test("a queue that never came near its limits never wakes the fetcher")
    func belowLimits() {
        var refill = KafkaPrefetchRefill(recordLimit: 1_000, byteLimit: 1 << 20)
        for queued in [0, 700, 740, 100, 0, 500] {
            #expect(!poll(&refill, records: 10, bytes: 1_000, queueLength: queued))
        }
        #expect(!refill.mayHaveStopped)
    }

    @Test("after the record count reached three quarters of its limit, one wake-up once it is down to half")
    func recordLimit() {
        var refill = KafkaPrefetchRefill(recordLimit: 1_000, byteLimit: 1 << 30)
        #expect(!poll(&refill, records: 100, bytes: 100, queueLength: 900))
        #expect(refill.mayHaveStopped)
        // Between half and three quarters: fetching may still be stopped, but the queue has plenty left.
        #expect(!poll(&refill, records: 100, bytes: 100, queueLength: 600))
        #expect(poll(&refill, records: 100, bytes: 100, queueLength: 500))
        // Once woken, it waits for the next time the queue comes near its limits.
        #expect(!poll(&refill, records: 100, bytes: 100, queueLength: 0))
        #expect(!poll(&refill, records: 0, bytes: 0, queueLength: 0))
        #expect(!poll(&refill, records: 100, bytes: 100, queueLength: 750))
        #expect(poll(&refill, records: 0, bytes: 0, queueLength: 0))
    }

    @Test("the queued bytes are estimated from the mean size of the records polled")
    func byteLimit() {
        // 1,000-byte records against a 100,000-byte limit: 75 queued records reach three quarters of it.
        var refill = KafkaPrefetchRefill(recordLimit: 1_000_000, byteLimit: 100_000)
        #expect(!poll(&refill, records: 10, bytes: 10_000, queueLength: 74))
        #expect(!refill.mayHaveStopped)
        #expect(!poll(&refill, records: 10, bytes: 10_000, queueLength: 75))
        #expect(refill.mayHaveStopped)
        #expect(!poll(&refill, records: 10, bytes: 10_000, queueLength: 51))
        #expect(poll(&refill, records: 10, bytes: 10_000, queueLength: 50))
    }

    @Test("an empty poll after the queue came near its limits wakes the fetcher")
    func drainedCompletely() {
        var refill = KafkaPrefetchRefill(recordLimit: 100, byteLimit: 1 << 30)
        #expect(!poll(&refill, records: 50, bytes: 500, queueLength: 100))
        #expect(poll(&refill, records: 0, bytes: 0, queueLength: 0))
    }

    @Test("the mean record size follows a stream whose records grow")
    func changingSizes() {
        var refill = KafkaPrefetchRefill(recordLimit: 10_000_000, byteLimit: 1 << 30)
        // Two million small records, then larger ones: the window halves, so the mean moves to the new size.
        for _ in 0..<20 { _ = refill.polled(records: 100_000, bytes: 100_000, queueLength: 0) }
        for _ in 0..<40 { _ = refill.polled(records: 100_000, bytes: 100_000_000, queueLength: 0) }
        // At ~1,000 bytes a record, 900,000 queued records are ~900 MB, past three quarters of 1 GiB.
        #expect(!poll(&refill, records: 1, bytes: 1_000, queueLength: 900_000))
        #expect(refill.mayHaveStopped)
    }

    @Test(
        "a consumer whose prefetch limits are tiny reads a backlog completely and in order, waking its fetcher",
        arguments: [false, true])
    func consumerWithTinyLimits(limitsAsProperties: Bool) throws {
        let kafka = try makeCluster(topics: [.init("t", partitions: 1)])
        let producer = try makeProducer(kafka)
        let values = (0..<4_000).map { "record-\($0)-" + String(repeating: "x", count: 100) }
        // 20 batches of ~22 KB: the embedded broker answers a fetch with one batch, which fills the queue.
        for chunk in stride(from: 0, to: values.count, by: 200) {
            try produceAll(producer, topic: "t", values: Array(values[chunk..<chunk + 200]), partition: 0)
        }
        let consumer = try makeConsumer(kafka, configure: { configuration in
            // Set either way, the limits librdkafka applies are the ones the wake-ups follow.
            if limitsAsProperties {
                configuration.properties["queued.min.messages"] = "400"
                configuration.properties["queued.max.messages.kbytes"] = "16"
            } else {
                configuration.queuedMinMessages = 400
                configuration.queuedMaxKilobytes = 16
            }
        })
        try consumer.assign([KafkaTopicPartitionOffset(topic: "t", partition: 0, offset: KafkaOffset.beginning)])
        var records: [ReceivedRecord] = []
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while records.count < values.count && ContinuousClock.now < deadline {
            // Small polls, so that the queue is seen near its limits and then draining.
            let batch = try consumer.pollBatch(maxRecords: 50, timeout: .milliseconds(50))
            for record in batch {
                records.append(
                    ReceivedRecord(
                        partition: record.partition, offset: record.offset, key: nil, value: record.valueString ?? ""))
            }
            batch.release()
        }
        #expect(records.map(\.value) == values)
        #expect(records.map(\.offset) == (0..<Int64(values.count)).map { $0 })
        // Each batch filled the queue, so most of them needed a wake-up (without one, each waits up to a second).
        #expect(consumer.fetcherWakeUps >= 10)
    }
}
