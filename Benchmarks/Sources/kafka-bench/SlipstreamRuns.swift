import Foundation
import Logging
import SlipstreamKafka

/// Our side of the benchmark, doing what kcat does: produce the file's lines (key before the tab, value after),
/// and consume the topic to its end, touching every payload.
enum SlipstreamRuns {
    /// Reads `file` in 1 MiB chunks and sends each line; timed from producer creation until every delivery report
    /// is in. Returns the seconds and the number of messages acknowledged.
    static func produce(bootstrap: String, topic: String, file: String, logger: Logger) throws -> (seconds: Double, delivered: Int) {
        let start = DispatchTime.now()
        var configuration = KafkaProducerConfiguration(bootstrapServers: bootstrap)
        configuration.partitioner = .random
        configuration.linger = .milliseconds(5)
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let handle = try producer.topic(topic)
        guard let input = FileHandle(forReadingAtPath: file) else { throw BenchError("cannot open \(file)") }
        defer { try? input.close() }
        var reports: [KafkaDeliveryReport] = []
        reports.reserveCapacity(1 << 16)
        var delivered = 0
        var failed = 0
        var sent = 0
        var carry: [UInt8] = []
        func drain(_ timeout: Duration = .zero) {
            producer.poll(timeout: timeout, into: &reports)
            for report in reports { if report.isDelivered { delivered += 1 } else { failed += 1 } }
            reports.removeAll(keepingCapacity: true)
        }
        while true {
            let data = input.readData(ofLength: 1 << 20)
            if data.isEmpty { break }
            carry.append(contentsOf: data)
            let consumed = try carry.withUnsafeBytes { bytes -> Int in
                var lineStart = 0
                var index = 0
                let count = bytes.count
                while index < count {
                    if bytes[index] == 0x0A {
                        let line = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<index])
                        if let tab = line.firstIndex(of: 0x09) {
                            try producer.send(
                                to: handle, keyBytes: UnsafeRawBufferPointer(rebasing: line[..<tab]),
                                valueBytes: UnsafeRawBufferPointer(rebasing: line[(tab + 1)...]), id: UInt64(sent))
                        } else {
                            try producer.send(to: handle, keyBytes: nil, valueBytes: line, id: UInt64(sent))
                        }
                        sent += 1
                        if sent & 1023 == 0 { drain() }
                        lineStart = index + 1
                    }
                    index += 1
                }
                return lineStart
            }
            carry.removeFirst(consumed)
        }
        while delivered + failed < sent { drain(.milliseconds(10)) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        if failed > 0 { throw BenchError("\(failed) messages were not delivered") }
        return (seconds, delivered)
    }

    /// Reads every partition of `topic` from the beginning until `count` records arrived, summing payload bytes
    /// (so every payload is touched); timed from consumer creation.
    static func consume(bootstrap: String, topic: String, partitions: Int, count: Int, logger: Logger) throws
        -> (seconds: Double, received: Int, checksum: UInt64)
    {
        let start = DispatchTime.now()
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrap)
        configuration.fetchWaitMax = .milliseconds(5)
        configuration.enableAutoCommit = false
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        try consumer.assign((0..<Int32(partitions)).map {
            KafkaTopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning)
        })
        var received = 0
        var checksum: UInt64 = 0
        var idleSince = DispatchTime.now()
        while received < count {
            let got = try consumer.poll(timeout: .milliseconds(100)) { batch -> Int in
                for record in batch {
                    if let value = record.valueBytes, let last = value.last {
                        checksum &+= UInt64(value.count) &+ UInt64(last)
                    }
                }
                return batch.count
            }
            received += got
            if got > 0 {
                idleSince = DispatchTime.now()
            } else if DispatchTime.now().uptimeNanoseconds - idleSince.uptimeNanoseconds > 20_000_000_000 {
                throw BenchError("consumer stalled at \(received) of \(count) records")
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        try consumer.close()
        return (seconds, received, checksum)
    }
}
