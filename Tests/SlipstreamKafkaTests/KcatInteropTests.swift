import Foundation
import Testing
@testable import SlipstreamKafka

@Suite("Interoperability with kcat")
struct KcatInteropTests {
    @Test("kcat reads what the producer wrote: keys, values, headers, partitions")
    func kcatReadsOurMessages() throws {
        let kafka = try makeCluster(brokers: 3, topics: [.init("t", partitions: 4)])
        let producer = try makeProducer(kafka)
        let topic = try producer.topic("t")
        for index in 0..<1000 {
            try producer.send(
                to: topic, key: "key-\(index)", value: "value-\(index)",
                headers: [KafkaHeader(name: "h", value: "\(index)")], id: UInt64(index))
        }
        try producer.flush(timeout: .seconds(30))
        let reports = producer.poll()
        #expect(reports.count == 1000 && reports.allSatisfy(\.isDelivered))

        let output = try Kcat.run([
            "-C", "-b", kafka.bootstrapServers, "-t", "t", "-o", "beginning", "-e", "-q",
            "-X", "fetch.wait.max.ms=5", "-f", "%k\t%s\t%h\t%p\n",
        ])
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 1000)
        var expected: Set<String> = []
        for report in reports {
            let index = Int(report.id)
            expected.insert("key-\(index)\tvalue-\(index)\th=\(index)\t\(report.partition)")
        }
        #expect(Set(lines.map(String.init)) == expected)
    }

    @Test("the consumer reads what kcat wrote")
    func weReadKcatMessages() throws {
        let kafka = try makeCluster(brokers: 3, topics: [.init("t", partitions: 4)])
        let input = (0..<1000).map { "k\($0)\tv\($0)" }.joined(separator: "\n") + "\n"
        _ = try Kcat.run(["-P", "-b", kafka.bootstrapServers, "-t", "t", "-K", "\t"], input: Data(input.utf8))

        let consumer = try makeConsumer(kafka)
        try consumer.assign((0..<4).map { KafkaTopicPartitionOffset(topic: "t", partition: $0, offset: KafkaOffset.beginning) })
        let records = try drain(consumer, count: 1000) + (try pollFor(consumer, .milliseconds(200)))
        #expect(records.count == 1000)
        #expect(Set(records.map { "\($0.key ?? "")\t\($0.value)" }) == Set((0..<1000).map { "k\($0)\tv\($0)" }))
        // kcat's default partitioner hashes the key: each key stays in one partition, offsets are dense.
        for partition in Int32(0)..<4 {
            let offsets = records.filter { $0.partition == partition }.map(\.offset).sorted()
            #expect(offsets == (0..<Int64(offsets.count)).map { $0 })
        }
    }
}
