import BenchSupport
import Foundation
import Logging
import Slipstream

/// Throughput: a backlog of payments (and their chargebacks) on a fresh cluster, drained by kcat (raw consume,
/// the ceiling) and by the fraud pipeline (payments to scores), in the same run.
struct ThroughputBench {
    struct Result {
        var events: Int
        /// Pipeline: payments per second from its first score to its last.
        var eventsPerSecond: Double
        /// Pipeline: from the job's start to its first score.
        var startupSeconds: Double
        /// kcat: payments per second reading the topic to its end, start-up included (median of the repeats).
        var kcatEventsPerSecond: Double
        /// The same with kcat's prefetch limits lifted (`KafkaKcatRunner.unthrottled`): its stall-free rate.
        var unthrottledKcatEventsPerSecond: Double
        var distinctScores: Int
        var scoreMessages: Int
        /// The process's CPU time from the job's start to its last score, per payment (the pipeline's threads,
        /// its Kafka clients' and the embedded cluster's): what the box pays for a payment, steadier than the
        /// rate on a shared machine.
        var cpuNanosecondsPerPayment: Double
        /// The vertices that were busiest, with their busy time per payment, busiest first.
        var busiest: [(vertex: String, nanosecondsPerPayment: Double)]
    }

    let events: Int
    let threads: Int
    let repeats: Int
    let logger: Logger

    func run() throws -> Result {
        let cluster = try BenchCluster(events: events, logger: logger)
        defer { cluster.kafka.shutdown() }
        try produceBacklog(into: cluster)

        let kcat = try KafkaKcatRunner(bootstrapServers: cluster.kafka.bootstrapServers)
        var kcatSeconds: [Double] = []
        var unthrottledKcatSeconds: [Double] = []
        // PIPELINE_BENCH_SKIP_KCAT: the pipeline alone, for profilers that cannot start kcat (valgrind).
        let kcatRepeats = ProcessInfo.processInfo.environment["PIPELINE_BENCH_SKIP_KCAT"] == nil ? repeats : 0
        for _ in 0..<kcatRepeats {
            for unthrottled in [false, true] {
                let (seconds, ends) = try kcat.consume(
                    topic: BenchCluster.payments, properties: unthrottled ? KafkaKcatRunner.unthrottled : [:])
                let read = ends.values.reduce(0) { $0 + Int($1) }
                guard read == events else { throw BenchError("kcat read \(read) of \(events) payments") }
                if unthrottled { unthrottledKcatSeconds.append(seconds) } else { kcatSeconds.append(seconds) }
            }
        }

        let cpuAtStart = Self.processCPUSeconds()
        let job = try FraudBenchPipeline.start(on: cluster, threads: threads, linger: .milliseconds(5), fetchWait: .milliseconds(5))
        let started = ContinuousClock.now
        var configuration = cluster.kafka.consumerConfiguration()
        configuration.enableAutoCommit = false
        let watcher = try KafkaConsumer(configuration: configuration, logger: logger)
        let partitions = try watcher.partitionCount(of: BenchCluster.scores)
        var first: ContinuousClock.Instant?
        var firstCount = 0
        var last = started
        let deadline = started.advanced(by: .seconds(600))
        while ContinuousClock.now < deadline {
            if job.status.isTerminal {
                try job.waitForCompletion()
                throw BenchError("the pipeline ended before scoring every payment")
            }
            let count = try cluster.messageCount(BenchCluster.scores, consumer: watcher, partitions: partitions)
            let now = ContinuousClock.now
            if first == nil && count > 0 {
                first = now
                firstCount = count
            }
            if count >= events {
                last = now
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let cpuSeconds = Self.processCPUSeconds() - cpuAtStart
        try? watcher.close()
        let busiest = job.metrics.vertices.sorted { $0.busyNanoseconds > $1.busyNanoseconds }.prefix(5)
            .map { ($0.name, Double($0.busyNanoseconds) / Double(events)) }
        job.cancel()
        try? job.waitForCompletion()
        guard let first, last > first else { throw BenchError("the pipeline did not score every payment within 600 s") }
        let scored = try cluster.distinctScores(expected: events)
        return Result(
            events: events, eventsPerSecond: Double(events - firstCount) / (last - first).seconds,
            startupSeconds: (first - started).seconds, kcatEventsPerSecond: kcatSeconds.isEmpty ? .nan : Double(events) / median(kcatSeconds),
            unthrottledKcatEventsPerSecond: unthrottledKcatSeconds.isEmpty ? .nan : Double(events) / median(unthrottledKcatSeconds),
            distinctScores: scored.distinct, scoreMessages: scored.messages,
            cpuNanosecondsPerPayment: cpuSeconds * 1e9 / Double(events), busiest: busiest)
    }

    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Payments spread over the last minutes of event time, 1 ms apart, keyed by card; each fraud charged back
    /// 30 s (event time) later.
    private func produceBacklog(into cluster: BenchCluster) throws {
        let producer = try cluster.producer(linger: .milliseconds(5))
        let payments = try producer.topic(BenchCluster.payments)
        let chargebacks = try producer.topic(BenchCluster.chargebacks)
        var stream = PaymentStream()
        let start = Int64(Date().timeIntervalSince1970 * 1_000) - Int64(events) - 120_000
        var frauds: [(index: Int, card: String, time: Int64)] = []
        for index in 0..<events {
            let time = start + Int64(index)
            if stream.payment(index, time: time) { frauds.append((index, stream.key, time)) }
            try send(stream, to: payments, producer: producer)
        }
        for fraud in frauds {
            stream.chargeback(fraud.index, card: fraud.card, time: fraud.time + 30_000)
            try send(stream, to: chargebacks, producer: producer)
        }
        try producer.flush(timeout: .seconds(120))
        if producer.failedDeliveries > 0 { throw BenchError("\(producer.failedDeliveries) backlog messages were not delivered") }
        try cluster.checkNothingDropped(BenchCluster.payments)
    }

    private func send(_ stream: PaymentStream, to topic: KafkaProducerTopic, producer: KafkaProducer) throws {
        var key = stream.key
        try key.withUTF8 { key in
            try stream.payload.withUnsafeBytes { value in
                try producer.send(to: topic, keyBytes: UnsafeRawBufferPointer(key), valueBytes: value)
            }
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
