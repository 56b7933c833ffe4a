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
            // Lines and the key/value tab are found with memchr, as kcat's line reading does.
            let consumed = try carry.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                var lineStart = 0
                while lineStart < bytes.count,
                      let newline = memchr(base + lineStart, 0x0A, bytes.count - lineStart)
                {
                    let lineEnd = base.distance(to: UnsafeRawPointer(newline))
                    let line = UnsafeRawBufferPointer(start: base + lineStart, count: lineEnd - lineStart)
                    if let tabPointer = memchr(base + lineStart, 0x09, line.count) {
                        let tab = base.distance(to: UnsafeRawPointer(tabPointer)) - lineStart
                        try producer.send(
                            to: handle, keyBytes: UnsafeRawBufferPointer(rebasing: line[..<tab]),
                            valueBytes: UnsafeRawBufferPointer(rebasing: line[(tab + 1)...]), id: UInt64(sent))
                    } else {
                        try producer.send(to: handle, keyBytes: nil, valueBytes: line, id: UInt64(sent))
                    }
                    sent += 1
                    if sent & 1023 == 0 { drain() }
                    lineStart = lineEnd + 1
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
        let assigned = DispatchTime.now()
        var received = 0
        var checksum: UInt64 = 0
        var idleSince = DispatchTime.now()
        var firstRecord: DispatchTime?
        var longestGap: UInt64 = 0
        var emptyPolls = 0
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
            let now = DispatchTime.now()
            if got > 0 {
                if firstRecord == nil { firstRecord = now }
                longestGap = max(longestGap, now.uptimeNanoseconds - idleSince.uptimeNanoseconds)
                idleSince = now
            } else {
                emptyPolls += 1
                if now.uptimeNanoseconds - idleSince.uptimeNanoseconds > 20_000_000_000 {
                    throw BenchError("consumer stalled at \(received) of \(count) records")
                }
            }
        }
        // Where the time went, for runs that look off (stderr; stdout keeps the figures).
        let millis = { (from: DispatchTime, to: DispatchTime) in Double(to.uptimeNanoseconds - from.uptimeNanoseconds) / 1e6 }
        FileHandle.standardError.write(Data(String(
            format: "  slipstream consume: assign %.0f ms, first record %.0f ms, longest wait %.0f ms, %d empty polls\n",
            millis(start, assigned), millis(start, firstRecord ?? assigned), Double(longestGap) / 1e6, emptyPolls).utf8))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        try consumer.close()
        return (seconds, received, checksum)
    }
}
