import Foundation
import Histogram
import Logging
import Slipstream

/// Latency at a fixed rate: payments are produced at `rate` per second while the pipeline runs; a score's latency
/// is its Kafka CreateTime (set by the pipeline's producer) minus the wall-clock time just before its payment was
/// handed to the producer. The first `warmupSeconds` are not measured.
///
/// The payment producer batches as a producer at this rate does (`linger.ms`, librdkafka's default 5 ms; the
/// linger counts in the latency). Unbatched input (linger 0) would measure librdkafka's mock, not the pipeline:
/// the mock answers a fetch with at most one producer batch per partition and finds it by a linear scan of the
/// partition's batches, so a topic written in one-message batches reads back ever more slowly as it grows (a
/// plain consumer of such a topic at 20,000/s falls seconds behind within ten seconds).
/// For the same reason the scores are read back only once the pipeline has scored every payment: their
/// CreateTime is the measure, and a consumer tailing the pipeline's one-message score batches meanwhile would
/// load the mock's only thread, which also serves the pipeline's own fetches.
///
/// Where the time goes, as the run prints it (percentiles of parts do not add up to the whole's):
/// - the input producer, from the produce call to the broker's acknowledgement: the linger (a message waits
///   until its batch is 5 ms old; librdkafka's threads wake to the millisecond, rounding up) and the produce
///   request. Most of the total; a payment producer's, not the pipeline's.
/// - the pipeline's fetch: the mock holds a fetch that found no data for all of `fetch.wait.max.ms` (rounded up
///   to the next millisecond by its timer), even when data arrives meanwhile; that data waits for the hold to
///   end and the next fetch. Up to `fetchWait` plus a millisecond. A real broker answers at once.
/// - the pipeline, from reading the payment to its score (the score's `latency_ms`), then the hand-off to the
///   sink's produce call, which sets CreateTime. The sink's linger and delivery come after CreateTime and are
///   not in the figure.
/// The Kafka-alone run gives the floor of the first two with the pipeline's fetch settings.
struct LatencyBench {
    struct Result {
        var measured: Int
        var achievedRate: Double
        var p50: Double
        var p99: Double
        var p999: Double
        var max: Double
        /// The input producer's share: from the produce call to the broker's acknowledgement (the linger, the
        /// produce request and its answer; noted by the producing loop, so up to half a millisecond late).
        var input: Percentiles
        /// From the broker's acknowledgement to the pipeline's read, plus from the score being ready to its
        /// CreateTime: the wait of the pipeline's fetch, the mock's queue, the hand-off to the sink.
        var afterInput: Percentiles
        /// The share of the latency inside the pipeline: from reading the payment to its score being ready
        /// (the score's own `latency_ms`).
        var inPipeline: Percentiles
        /// Kafka alone, the floor: the same payments at the same rate read by a plain consumer with the
        /// pipeline's fetch settings, from the produce call to the consumer's poll returning it.
        var kafkaAlone: Percentiles
        /// Of which from the broker's acknowledgement to the plain consumer's poll (the fetch's wait).
        var kafkaAloneAfterInput: Percentiles
    }

    /// Milliseconds at the 50th, 99th and 99.9th percentiles of a histogram of microseconds.
    struct Percentiles {
        var p50: Double
        var p99: Double
        var p999: Double

        init(_ histogram: Histogram<UInt64>) {
            p50 = Double(histogram.valueAtPercentile(50)) / 1_000
            p99 = Double(histogram.valueAtPercentile(99)) / 1_000
            p999 = Double(histogram.valueAtPercentile(99.9)) / 1_000
        }
    }

    let rate: Int
    let seconds: Int
    let warmupSeconds: Int
    let inputLinger: Duration
    let fetchWait: Duration
    let threads: Int
    let logger: Logger

    func run() throws -> Result {
        let total = rate * (seconds + warmupSeconds)
        let warmup = rate * warmupSeconds
        let kafkaAlone = try measureKafkaAlone(total: total, warmup: warmup)
        // The payments are read as they are written, so their topic need not hold them all: two partitions per
        // source instance, as a topic for this rate might have. (Sized for the whole run like the scores, it would
        // have three times as many, each written in smaller batches that the mock serves one per fetch.)
        let cluster = try BenchCluster(events: total, paymentPartitions: 2 * threads, logger: logger)
        defer { cluster.kafka.shutdown() }
        let job = try FraudBenchPipeline.start(on: cluster, threads: threads, linger: .milliseconds(1), fetchWait: fetchWait)
        var sent = [Int64](repeating: 0, count: total)
        var acknowledged = [Int64](repeating: 0, count: total)
        let (produced, elapsed): (Int, Double)
        do {
            (produced, elapsed) = try producePaced(total: total, sent: &sent, acknowledged: &acknowledged, cluster: cluster)
            try waitForScores(total, cluster: cluster, job: job)
        } catch {
            job.cancel()
            try? job.waitForCompletion()
            throw error
        }
        job.cancel()
        try? job.waitForCompletion()
        try cluster.checkNothingDropped(BenchCluster.scores)
        let histograms = try ScoreLatencies.read(
            cluster: cluster, sent: sent, acknowledged: acknowledged, measured: warmup..<total)
        let histogram = histograms.total
        guard histogram.totalCount == UInt64(total - warmup) else {
            throw BenchError("only \(histogram.totalCount) of \(total - warmup) measured payments were scored")
        }
        func milliseconds(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1_000 }
        return Result(
            measured: Int(histogram.totalCount), achievedRate: Double(produced) / elapsed, p50: milliseconds(50),
            p99: milliseconds(99), p999: milliseconds(99.9), max: Double(histogram.max) / 1_000,
            input: Percentiles(histograms.input), afterInput: Percentiles(histograms.afterInput),
            inPipeline: Percentiles(histograms.inPipeline), kafkaAlone: Percentiles(kafkaAlone.total),
            kafkaAloneAfterInput: Percentiles(kafkaAlone.afterInput))
    }

    /// The same run with a plain consumer in the pipeline's place, on a fresh cluster of the same shape: the
    /// latency of the payments path alone, and its part after the broker's acknowledgement (microseconds).
    private func measureKafkaAlone(total: Int, warmup: Int) throws
        -> (total: Histogram<UInt64>, afterInput: Histogram<UInt64>)
    {
        let cluster = try BenchCluster(events: total, paymentPartitions: 2 * threads, logger: logger)
        defer { cluster.kafka.shutdown() }
        var configuration = cluster.kafka.consumerConfiguration()
        configuration.enableAutoCommit = false
        configuration.fetchWaitMax = fetchWait
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        defer { try? consumer.close() }
        let partitions = try consumer.partitionCount(of: BenchCluster.payments)
        try consumer.assign(
            (0..<Int32(partitions)).map { KafkaTopicPartitionOffset(topic: BenchCluster.payments, partition: $0, offset: KafkaOffset.beginning) })
        let reader = PaymentReader(consumer: consumer, count: total)
        reader.start()
        var sent = [Int64](repeating: 0, count: total)
        var acknowledged = [Int64](repeating: 0, count: total)
        _ = try producePaced(total: total, sent: &sent, acknowledged: &acknowledged, cluster: cluster)
        let received = try reader.finish(timeout: .seconds(60))
        var histogram = ScoreLatencies.histogram()
        var afterInput = ScoreLatencies.histogram()
        for index in warmup..<total where received[index] > 0 {
            _ = histogram.record(UInt64(max(0, received[index] - sent[index])))
            _ = afterInput.record(UInt64(max(0, received[index] - acknowledged[index])))
        }
        guard histogram.totalCount == UInt64(total - warmup) else {
            throw BenchError("the plain consumer read \(histogram.totalCount) of \(total - warmup) measured payments")
        }
        return (histogram, afterInput)
    }

    /// Waits until `fraud-scores` holds `count` messages (from its high watermarks), or throws after 60 s without
    /// progress.
    private func waitForScores(_ count: Int, cluster: BenchCluster, job: Job) throws {
        var configuration = cluster.kafka.consumerConfiguration()
        configuration.enableAutoCommit = false
        let watcher = try KafkaConsumer(configuration: configuration, logger: logger)
        defer { try? watcher.close() }
        let partitions = try watcher.partitionCount(of: BenchCluster.scores)
        var last = -1
        var lastChange = ContinuousClock.now
        while true {
            if job.status.isTerminal {
                try job.waitForCompletion()
                throw BenchError("the pipeline ended before scoring every payment")
            }
            let scores = try cluster.messageCount(BenchCluster.scores, consumer: watcher, partitions: partitions)
            if scores >= count { return }
            if scores != last {
                last = scores
                lastChange = .now
            } else if ContinuousClock.now - lastChange > .seconds(60) {
                throw BenchError("the pipeline scored \(scores) of \(count) payments, then nothing for 60 s")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Sends `total` payments at `rate` per second in half-millisecond steps, noting in `sent` when each was
    /// handed to the producer and in `acknowledged` when the step after its delivery report saw it (microseconds
    /// since 1970); returns how many and the seconds it took.
    private func producePaced(total: Int, sent: inout [Int64], acknowledged: inout [Int64], cluster: BenchCluster)
        throws -> (Int, Double)
    {
        let producer = try cluster.producer(linger: inputLinger, reportEveryMessage: true)
        let topic = try producer.topic(BenchCluster.payments)
        var reports: [KafkaDeliveryReport] = []
        reports.reserveCapacity(4_096)
        func noteReports() throws {
            reports.removeAll(keepingCapacity: true)
            producer.poll(into: &reports)
            let now = Self.microsecondsSince1970()
            for report in reports {
                guard report.isDelivered else { throw BenchError("a payment was not delivered: \(report.error.map { "\($0)" } ?? "unknown error")") }
                acknowledged[Int(report.id)] = now
            }
        }
        var stream = PaymentStream(seed: 7)
        let start = ContinuousClock.now
        let eventStart = Int64(Date().timeIntervalSince1970 * 1_000)
        var index = 0
        while index < total {
            let elapsed = (ContinuousClock.now - start).seconds
            let due = min(total, Int(elapsed * Double(rate)) + 1)
            while index < due {
                // Event time follows the clock (the pipeline rejects times far ahead of it).
                stream.payment(index, time: eventStart + Int64(elapsed * 1_000))
                var key = stream.key
                sent[index] = Self.microsecondsSince1970()
                try key.withUTF8 { key in
                    try stream.payload.withUnsafeBytes { value in
                        try producer.send(
                            to: topic, keyBytes: UnsafeRawBufferPointer(key), valueBytes: value, id: UInt64(index))
                    }
                }
                index += 1
            }
            try noteReports()
            Thread.sleep(forTimeInterval: 0.0005)
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while producer.outstandingMessages > 0 && ContinuousClock.now < deadline {
            try noteReports()
            Thread.sleep(forTimeInterval: 0.0005)
        }
        try producer.flush(timeout: .seconds(60))
        try noteReports()
        if producer.failedDeliveries > 0 { throw BenchError("\(producer.failedDeliveries) payments were not delivered") }
        if let missing = acknowledged.firstIndex(of: 0) { throw BenchError("payment \(missing) got no delivery report") }
        return (total, elapsed)
    }

    /// The wall clock, as librdkafka reads it for CreateTime.
    static func microsecondsSince1970() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }
}

/// Reads every score back from `fraud-scores` and measures the latency of the measured payments' scores.
enum ScoreLatencies {
    /// Histograms (microseconds) of the whole latency and of its shares: the input producer's (produce call to
    /// the broker's acknowledgement), the rest outside the pipeline, and inside the pipeline; a payment scored
    /// more than once counts once (its first score).
    static func read(cluster: BenchCluster, sent: [Int64], acknowledged: [Int64], measured: Range<Int>) throws
        -> (total: Histogram<UInt64>, input: Histogram<UInt64>, afterInput: Histogram<UInt64>,
            inPipeline: Histogram<UInt64>)
    {
        var total = histogram()
        var input = histogram()
        var afterInput = histogram()
        var inPipeline = histogram()
        var seen = [Bool](repeating: false, count: sent.count)
        let reader = JSONReader()
        _ = try cluster.readScores(patience: .seconds(300)) { record in
            guard let value = record.valueBytes, let created = record.timestamp,
                  let (index, pipelineMilliseconds) = ScoreID.indexAndLatency(in: value, reader: reader),
                  measured.contains(index), !seen[index]
            else { return }
            seen[index] = true
            // CreateTime has millisecond resolution: take the middle of its millisecond.
            let latency = max(0, created * 1_000 + 500 - sent[index])
            let pipeline = max(0, Int64((pipelineMilliseconds * 1_000).rounded()))
            let inputShare = max(0, min(latency, acknowledged[index] - sent[index]))
            _ = total.record(UInt64(latency))
            _ = input.record(UInt64(inputShare))
            _ = afterInput.record(UInt64(max(0, latency - inputShare - pipeline)))
            _ = inPipeline.record(UInt64(pipeline))
        }
        return (total, input, afterInput, inPipeline)
    }

    /// Microseconds, up to 10 minutes, three significant digits.
    static func histogram() -> Histogram<UInt64> {
        Histogram(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    }
}

/// Reads the payments topic on a thread of its own, noting when each payment was read (microseconds since 1970,
/// by payment number), until it has them all or is told to finish.
final class PaymentReader: @unchecked Sendable {
    private let consumer: KafkaConsumer
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var received: [Int64]
    private var count = 0
    private var stopping = false
    private var running = false

    init(consumer: KafkaConsumer, count: Int) {
        self.consumer = consumer
        received = [Int64](repeating: 0, count: count)
    }

    func start() {
        condition.withLock { running = true }
        Thread { [self] in
            let reader = JSONReader()
            var batch: [Int] = []
            var failure = false
            while !condition.withLock({ stopping || count == received.count }) && !failure {
                batch.removeAll(keepingCapacity: true)
                do {
                    try consumer.poll(timeout: .milliseconds(20)) { records in
                        for record in records {
                            if let value = record.valueBytes, let index = ScoreID.index(in: value, reader: reader) {
                                batch.append(index)
                            }
                        }
                    }
                } catch {
                    failure = true
                }
                let now = LatencyBench.microsecondsSince1970()
                condition.withLock {
                    for index in batch where index < received.count && received[index] == 0 {
                        received[index] = now
                        count += 1
                    }
                }
            }
            condition.withLock {
                running = false
                condition.broadcast()
            }
        }.start()
    }

    /// Waits until every payment was read (or `timeout` passed without one more), stops, and returns the read
    /// times (0 for a payment never read).
    func finish(timeout: Duration) throws -> [Int64] {
        condition.lock()
        defer { condition.unlock() }
        var last = count
        while running && count < received.count {
            if !condition.wait(until: Date(timeIntervalSinceNow: timeout.seconds)) && count == last { break }
            last = count
        }
        stopping = true
        while running { condition.wait() }
        return received
    }
}
