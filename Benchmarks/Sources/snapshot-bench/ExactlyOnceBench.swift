// The throughput part: the same Kafka -> decode -> map -> Kafka pipeline, run to the end of a backlog once with
// exactly-once snapshots at an interval (transactional sink, barriers aligned, snapshots into a directory) and
// once with no guarantee and no snapshots, alternately, on one embedded cluster.

import BenchSupport
import Foundation
import Logging
import Slipstream
import SlipstreamSnapshot

/// One input event: a payment-like flat JSON object of about 150 bytes.
@JSONEvent
struct PaymentEvent: Decodable, Sendable {
    var id: String
    var account: Int64
    var amount: Double
    var country: String
    var time: Int64
}

/// What the pipeline writes per event.
struct PaymentTotal: PayloadEncodable, Sendable {
    var id: String
    var account: Int64
    var count: Int64
    var total: Double

    func encodePayload(into bytes: inout [UInt8]) {
        JSONObjectWriter.write(into: &bytes) { object in
            object.field("id", id)
            object.field("account", account)
            object.field("count", count)
            object.field("total", total)
        }
    }
}

struct ThroughputFigures {
    var exactlyOnceEventsPerSecond: Double
    var noSnapshotEventsPerSecond: Double
    var snapshotsPerRun: Double
    var ratio: Double { exactlyOnceEventsPerSecond / noSnapshotEventsPerSecond }
}

struct ExactlyOnceBench {
    let events: Int
    let partitions: Int
    let accounts: Int
    let runs: Int
    let threads: Int
    let interval: Duration
    let logger: Logger

    func run(directory: String) async throws -> ThroughputFigures {
        let kafka = try EmbeddedKafka(
            topics: [.init("payments", partitions: partitions), .init("payments-dead-letters", partitions: 1)],
            retentionCheckInterval: nil, logger: logger)
        defer { kafka.shutdown() }
        try produceBacklog(kafka)
        var exactlyOnce: [Double] = []
        var plain: [Double] = []
        var snapshotCounts: [Double] = []
        for run in 1...max(1, runs) {
            for withSnapshots in run % 2 == 1 ? [true, false] : [false, true] {
                let name = "snapshot-bench-\(run)-\(withSnapshots ? "eos" : "none")"
                let output = "\(name)-totals"
                try kafka.createTopic(output, partitions: partitions)
                // An exactly-once job commits each snapshot's transaction with a record in its transaction log.
                if withSnapshots { try kafka.createTopic("\(name)-transactions", partitions: 1) }
                let (rate, taken) = try await runOnce(
                    kafka, name: name, output: output, snapshots: withSnapshots ? "\(directory)/run-\(run)" : nil)
                if withSnapshots {
                    exactlyOnce.append(rate)
                    snapshotCounts.append(Double(taken))
                } else {
                    plain.append(rate)
                }
                print(String(
                    format: "throughput: run %d %@ %10.0f events/s%@", run,
                    withSnapshots ? "exactly-once" : "no snapshots", rate,
                    withSnapshots ? " (\(taken) snapshots)" : ""))
            }
        }
        return ThroughputFigures(
            exactlyOnceEventsPerSecond: median(exactlyOnce), noSnapshotEventsPerSecond: median(plain),
            snapshotsPerRun: median(snapshotCounts))
    }

    private func pipeline(name: String, output: String) -> Pipeline {
        Pipeline(name) { p in
            p.read(
                .kafka(
                    "payments", as: PaymentEvent.self,
                    options: KafkaSourceOptions(start: .earliest, stopAtEnd: true, deadLetters: .kafka("payments-dead-letters"))))
            .grouped(by: \.account)
            .stateful(name: "totals", initial: { KeyTotals() }) { totals, payment in
                totals.count &+= 1
                totals.sum += payment.amount
                totals.last = payment.time
                return PaymentTotal(id: payment.id, account: payment.account, count: totals.count, total: totals.sum)
            }
            .write(.kafka(output), name: "out")
        }
    }

    /// Runs the pipeline to the end of the backlog; events/s and the snapshots taken.
    private func runOnce(
        _ kafka: EmbeddedKafka, name: String, output: String, snapshots: String?
    ) async throws -> (Double, Int) {
        var configuration = PipelineConfiguration(
            kafka: KafkaConnection(bootstrapServers: kafka.bootstrapServers), cooperativeThreads: threads)
        configuration.job.logger = logger
        configuration.logger = logger
        var store: DirectorySnapshotStore?
        if let snapshots {
            store = try DirectorySnapshotStore(directory: snapshots, retain: 2, logger: logger)
            configuration.job.processingGuarantee = .exactlyOnce
            configuration.job.snapshotSink = store
        }
        let start = ContinuousClock.now
        let job = try pipeline(name: name, output: output).start(configuration)
        let coordinator = SnapshotCoordinator(job: job, interval: snapshots == nil ? nil : interval, logger: logger)
        await coordinator.start()
        try await job.join()
        let seconds = (ContinuousClock.now - start).seconds
        await coordinator.stopPeriodic()
        let taken = await coordinator.reports.filter(\.succeeded).count
        await store?.close()
        let written = job.metrics[vertex: "out"]?.itemsIn ?? -1
        guard written == events else { throw BenchError("\(written) of \(events) events reached the sink") }
        return (Double(events) / seconds, taken)
    }

    private func produceBacklog(_ kafka: EmbeddedKafka) throws {
        var configuration = kafka.producerConfiguration()
        configuration.linger = .milliseconds(50)
        configuration.batchMessages = 10_000
        configuration.queueMaxMessages = 1_000_000
        configuration.acks = .leader
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let topic = try producer.topic("payments")
        var reports: [KafkaDeliveryReport] = []
        let countries = ["US", "GB", "DE", "FR", "NL", "ES", "IT", "PL"]
        let start = ContinuousClock.now
        var bytes: [UInt8] = []
        for index in 0..<events {
            let account = (Int64(index) &* 2_654_435_761) % Int64(accounts)
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: """
                {"id":"p-\(index)","account":\(account),"amount":\(Double(index % 100_000) / 100),\
                "country":"\(countries[index % countries.count])","time":\(1_700_000_000_000 + Int64(index))}
                """.utf8)
            try bytes.withUnsafeBytes {
                try producer.send(
                    to: topic, partition: Int32(account % Int64(partitions)), keyBytes: nil, valueBytes: $0,
                    id: UInt64(index))
            }
            if index % 50_000 == 49_999 { producer.poll(into: &reports) }
        }
        try producer.flush(timeout: .seconds(120))
        producer.poll(into: &reports)
        guard reports.count == events, reports.allSatisfy(\.isDelivered) else {
            throw BenchError("backlog: \(reports.filter(\.isDelivered).count) of \(events) delivered")
        }
        let usage = try kafka.partitionUsage().filter { $0.topicPartition.topic == "payments" }
        if let dropped = usage.first(where: \.hasDroppedRecords) {
            throw BenchError("\(dropped) lost its oldest records: use more partitions")
        }
        print(String(
            format: "throughput: %d events over %d partitions produced in %.1f s", events, partitions,
            (ContinuousClock.now - start).seconds))
    }
}
