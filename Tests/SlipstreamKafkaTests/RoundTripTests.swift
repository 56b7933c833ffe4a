import Testing
@testable import SlipstreamKafka

@Suite("Producer and consumer round trips on EmbeddedKafka")
struct RoundTripTests {
    @Test("100,000 keyed messages to 8 partitions come back once each, in order, with keys, headers, timestamps")
    func keyedRoundTrip() throws {
        let kafka = try EmbeddedKafka(brokers: 3, topics: [.init("events", partitions: 8)], retentionCheckInterval: nil)
        let count = 100_000
        let producer = try KafkaProducer(configuration: kafka.producerConfiguration())
        let topic = try producer.topic("events")
        let baseTime: Int64 = 1_700_000_000_000
        var reports: [KafkaDeliveryReport] = []
        reports.reserveCapacity(count)
        for index in 0..<count {
            let key = "user-\(index % 1000)"
            let headers = index % 10 == 0 ? [KafkaHeader(name: "n", value: "\(index)"), KafkaHeader(name: "null", value: nil)] : []
            try producer.send(
                to: topic, key: key, value: "{\"id\":\(index)}", headers: headers, timestamp: baseTime + Int64(index),
                id: UInt64(index))
            if index % 1000 == 0 { producer.poll(into: &reports) }
        }
        try producer.flush(timeout: .seconds(30))
        producer.poll(into: &reports)
        #expect(reports.count == count)
        #expect(reports.allSatisfy { $0.isDelivered })
        #expect(Set(reports.map(\.id)).count == count)

        // Where each message went, by id, from the delivery reports: checks partition and offset on read-back.
        var placement = [(partition: Int32, offset: Int64)](repeating: (-1, -1), count: count)
        for report in reports { placement[Int(report.id)] = (report.partition, report.offset) }

        let consumer = try KafkaConsumer(configuration: kafka.consumerConfiguration(groupID: "round-trip"))
        try consumer.subscribe(["events"])
        var seen = [Bool](repeating: false, count: count)
        var lastOffset = [Int64](repeating: -1, count: 8)
        var lastIndexPerKey: [String: Int] = [:]
        var received = 0
        var problems: [String] = []
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while received < count && ContinuousClock.now < deadline {
            try consumer.poll(timeout: .milliseconds(100)) { batch in
                for record in batch {
                    guard let value = record.valueString, let index = Int(value.dropFirst(6).dropLast()) else {
                        problems.append("unreadable value at \(record.partition)@\(record.offset)")
                        continue
                    }
                    if seen[index] { problems.append("duplicate \(index)") }
                    seen[index] = true
                    received += 1
                    if record.offset <= lastOffset[Int(record.partition)] { problems.append("out of order \(index)") }
                    lastOffset[Int(record.partition)] = record.offset
                    let key = record.keyString ?? ""
                    if key != "user-\(index % 1000)" { problems.append("key of \(index): \(key)") }
                    if let previous = lastIndexPerKey[key], previous > index { problems.append("key order \(key)") }
                    lastIndexPerKey[key] = index
                    if record.timestamp != baseTime + Int64(index) { problems.append("timestamp of \(index)") }
                    if placement[index] != (record.partition, record.offset) { problems.append("placement of \(index)") }
                    let expectedHeaders = index % 10 == 0 ? [KafkaHeader(name: "n", value: "\(index)"), KafkaHeader(name: "null", value: nil)] : []
                    if record.headers != expectedHeaders { problems.append("headers of \(index)") }
                }
            }
        }
        #expect(received == count)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        try consumer.close()
    }

    @Test("null and empty values and header values, many headers, bytes from every KafkaBytes type")
    func valueShapes() throws {
        let kafka = try makeCluster(topics: [.init("t", partitions: 1)])
        let producer = try makeProducer(kafka)
        let topic = try producer.topic("t")
        let manyHeaders = (0..<20).map { KafkaHeader(name: "h\($0)", value: Array(repeating: UInt8($0), count: $0)) }
        try producer.send(to: topic, keyBytes: nil, valueBytes: nil, id: 0)                      // tombstone
        try producer.send(to: topic, key: [UInt8](), value: "", headers: [KafkaHeader(name: "e", value: [])], id: 1)
        try producer.send(to: topic, key: "k"[...], value: ArraySlice([1, 2, 3] as [UInt8]), headers: manyHeaders, id: 2)
        try ContiguousArray<UInt8>([9, 8]).withUnsafeBufferPointer { buffer in
            try producer.send(to: topic, value: buffer, id: 3)
        }
        try producer.flush(timeout: .seconds(10))
        #expect(producer.poll().count == 4)

        let consumer = try makeConsumer(kafka)
        try consumer.assign([KafkaTopicPartitionOffset(topic: "t", partition: 0, offset: KafkaOffset.beginning)])
        var seen = 0
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while seen < 4 && ContinuousClock.now < deadline {
            try consumer.poll(timeout: .milliseconds(50)) { batch in
                for record in batch {
                    switch record.offset {
                    case 0:
                        #expect(record.valueBytes == nil && record.keyBytes == nil && record.headers.isEmpty)
                    case 1:
                        #expect(record.value == [] && record.key == [])
                        #expect(record.headers == [KafkaHeader(name: "e", value: [])])
                        #expect(record.headerBytes(named: "e").map { $0?.count } == .some(0))
                        #expect(record.headerBytes(named: "missing") == nil)
                    case 2:
                        #expect(record.keyString == "k" && record.value == [1, 2, 3])
                        #expect(record.headers == manyHeaders)
                    default:
                        #expect(record.value == [9, 8])
                    }
                    seen += 1
                }
            }
        }
        #expect(seen == 4)
    }
}
