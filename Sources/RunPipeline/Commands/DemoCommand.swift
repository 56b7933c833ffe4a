import ArgumentParser
import Foundation
import Logging
import SlipstreamJSON
import SlipstreamKafka

/// `run-pipeline demo`: for now, an embedded-Kafka round trip that shows the Kafka layer working end to end.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the demo on an embedded Kafka cluster.",
        discussion: """
            Starts an embedded Kafka cluster, produces --count generated events (JSON, keyed by user) to a topic, \
            consumes them back and checks that every event arrived exactly once. Prints the rates and the \
            verdict; the exit status is 1 if any event is missing or duplicated. Takes a few seconds.
            """
    )

    @Option(help: "Number of events.")
    var count = 200_000

    @Option(help: "Seed of the generated events.")
    var seed: UInt64 = 42

    @Option(help: "Number of brokers of the embedded cluster.")
    var brokers = 3

    @Flag(help: "Log informational messages too.")
    var verbose = false

    func validate() throws {
        guard (1...50_000_000).contains(count) else { throw ValidationError("--count must be between 1 and 50,000,000") }
        guard (1...16).contains(brokers) else { throw ValidationError("--brokers must be between 1 and 16") }
    }

    /// Roughly the bytes of one event on the broker, to size the topic under the mock's retention cap.
    private static let eventBytes = 110

    func run() async throws {
        let logger = commandLogger(verbose: verbose, label: "run-pipeline.demo")
        // Enough partitions that no partition passes ~4 MiB (the mock keeps only the newest ~5 MiB of each).
        let partitions = max(8, (count * Self.eventBytes + (4 << 20) - 1) / (4 << 20))
        let kafka = try EmbeddedKafka(
            brokers: brokers, topics: [.init("events", partitions: partitions)], retentionCheckInterval: nil,
            logger: logger)
        writeStandardError(
            "Slipstream demo: embedded Kafka round trip (\(brokers) brokers, topic events with \(partitions) partitions, \(ProgressLine.grouped(count)) events, seed \(seed))\n")

        let produced = try produce(to: kafka, logger: logger)
        let consumed = try consume(from: kafka, logger: logger)
        let usage = try kafka.partitionUsage()
        kafka.shutdown()

        print("produced  \(ProgressLine.grouped(count)) events in \(Self.format(produced.seconds)) s (\(ProgressLine.grouped(Int(Double(count) / produced.seconds))) ev/s), \(ProgressLine.grouped(produced.acknowledged)) acknowledged")
        print("consumed  \(ProgressLine.grouped(consumed.received)) events in \(Self.format(consumed.seconds)) s (\(ProgressLine.grouped(Int(Double(consumed.received) / consumed.seconds))) ev/s)")
        let dropped = usage.filter(\.hasDroppedRecords).count
        if consumed.missing == 0 && consumed.duplicates == 0 && produced.acknowledged == count && dropped == 0 {
            print("verified  every event arrived exactly once (0 missing, 0 duplicates)")
        } else {
            print("FAILED    \(consumed.missing) missing, \(consumed.duplicates) duplicates, \(count - produced.acknowledged) not acknowledged, \(dropped) partitions dropped data")
            throw ExitCode.failure
        }
    }

    private func produce(to kafka: EmbeddedKafka, logger: Logger) throws -> (seconds: Double, acknowledged: Int) {
        var configuration = kafka.producerConfiguration()
        configuration.partitioner = .random
        configuration.queueMaxMessages = 1_000_000
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let topic = try producer.topic("events")
        var generator = DemoEventGenerator(seed: seed)
        var reports: [KafkaDeliveryReport] = []
        reports.reserveCapacity(count)
        let start = ContinuousClock.now
        for id in 0..<count {
            generator.makeEvent(id: id, baseTime: 1_700_000_000_000)
            try generator.buffer.withUnsafeBytes { event in
                try producer.send(
                    to: topic, keyBytes: UnsafeRawBufferPointer(rebasing: event[generator.keyRange]), valueBytes: event,
                    id: UInt64(id))
            }
            if id & 4095 == 0 { producer.poll(into: &reports) }
        }
        try producer.flush(timeout: .seconds(60))
        producer.poll(into: &reports)
        let seconds = ProgressLine.seconds(ContinuousClock.now - start)
        for report in reports where !report.isDelivered { writeStandardError("event \(report.id) not delivered: \(report.error!)\n") }
        return (seconds, reports.filter(\.isDelivered).count)
    }

    private func consume(from kafka: EmbeddedKafka, logger: Logger) throws -> (seconds: Double, received: Int, missing: Int, duplicates: Int) {
        var configuration = kafka.consumerConfiguration()
        configuration.enableAutoCommit = false
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        let partitions = try consumer.partitionCount(of: "events")
        try consumer.assign((0..<Int32(partitions)).map { KafkaTopicPartitionOffset(topic: "events", partition: $0, offset: KafkaOffset.beginning) })
        let reader = JSONReader()
        var seen = [Bool](repeating: false, count: count)
        var received = 0
        var duplicates = 0
        var unreadable = 0
        var idle = ContinuousClock.now
        let start = ContinuousClock.now
        while received < count && ContinuousClock.now - idle < .seconds(10) {
            try consumer.poll(timeout: .milliseconds(100)) { batch in
                if !batch.isEmpty { idle = ContinuousClock.now }
                for record in batch {
                    guard let value = record.valueBytes, let fields = try? reader.parseObject(value),
                          let id = fields["id"]?.int, (0..<count).contains(id)
                    else {
                        unreadable += 1
                        continue
                    }
                    if seen[id] { duplicates += 1 } else { seen[id] = true; received += 1 }
                }
            }
        }
        let seconds = ProgressLine.seconds(ContinuousClock.now - start)
        try consumer.close()
        if unreadable > 0 { writeStandardError("\(unreadable) unreadable events\n") }
        return (seconds, received, count - received, duplicates + unreadable)
    }

    private static func format(_ seconds: Double) -> String { String(format: "%.2f", seconds) }
}
