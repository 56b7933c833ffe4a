import Foundation
import Histogram
import Logging
import Slipstream

/// Latency at a fixed rate: payments are produced at `rate` per second (linger 0, as the peer harness's latency
/// case does) while the pipeline runs; a score's latency is its Kafka CreateTime (set by the pipeline's
/// producer) minus the wall-clock time just before its payment was handed to the producer. The first
/// `warmupSeconds` are not measured.
struct LatencyBench {
    struct Result {
        var measured: Int
        var achievedRate: Double
        var p50: Double
        var p99: Double
        var p999: Double
        var max: Double
    }

    let rate: Int
    let seconds: Int
    let warmupSeconds: Int
    let threads: Int
    let logger: Logger

    func run() throws -> Result {
        let total = rate * (seconds + warmupSeconds)
        let warmup = rate * warmupSeconds
        let cluster = try BenchCluster(events: total, logger: logger)
        defer { cluster.kafka.shutdown() }
        let job = try FraudBenchPipeline.start(on: cluster, threads: threads, linger: .milliseconds(1))
        defer {
            job.cancel()
            try? job.waitForCompletion()
        }
        let sent = SendTimes(count: total)
        let reader = try ScoreLatencyReader(cluster: cluster, sent: sent, from: warmup, to: total)
        reader.start()
        let (produced, elapsed) = try producePaced(total: total, sent: sent, cluster: cluster)
        // Wait for the last scores (or give up after 60 s without one).
        var lastCount = -1
        var lastChange = ContinuousClock.now
        while ContinuousClock.now - lastChange < .seconds(60) {
            let count = reader.received
            if count >= total - warmup { break }
            if count != lastCount {
                lastCount = count
                lastChange = .now
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let histogram = reader.stop()
        guard histogram.totalCount == UInt64(total - warmup) else {
            throw BenchError("only \(histogram.totalCount) of \(total - warmup) measured payments were scored")
        }
        func milliseconds(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1_000 }
        return Result(
            measured: Int(histogram.totalCount), achievedRate: Double(produced) / elapsed, p50: milliseconds(50),
            p99: milliseconds(99), p999: milliseconds(99.9), max: Double(histogram.max) / 1_000)
    }

    /// Sends `total` payments at `rate` per second in 1 ms steps; returns how many and the seconds it took.
    private func producePaced(total: Int, sent: SendTimes, cluster: BenchCluster) throws -> (Int, Double) {
        let producer = try cluster.producer(linger: .zero)
        let topic = try producer.topic(BenchCluster.payments)
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
                sent.record(index)
                try key.withUTF8 { key in
                    try stream.payload.withUnsafeBytes { value in
                        try producer.send(to: topic, keyBytes: UnsafeRawBufferPointer(key), valueBytes: value)
                    }
                }
                index += 1
            }
            _ = producer.poll()
            Thread.sleep(forTimeInterval: 0.0005)
        }
        let elapsed = (ContinuousClock.now - start).seconds
        try producer.flush(timeout: .seconds(60))
        return (total, elapsed)
    }
}

/// The wall-clock time each payment was sent, microseconds since 1970, by payment number.
final class SendTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Int64]

    init(count: Int) {
        times = [Int64](repeating: 0, count: count)
    }

    func record(_ index: Int) {
        let now = Self.microseconds()
        lock.withLock { times[index] = now }
    }

    /// Calls `body` with the table, under the lock (once per batch of scores).
    func withTimes<R>(_ body: ([Int64]) -> R) -> R {
        lock.withLock { body(times) }
    }

    static func microseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }
}

/// Reads `fraud-scores` on its own thread and records each measured score's latency (microseconds) in an
/// HDR histogram.
final class ScoreLatencyReader: @unchecked Sendable {
    private let consumer: KafkaConsumer
    private let sent: SendTimes
    private let range: Range<Int>
    private let lock = NSLock()
    private var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    private var count = 0
    private var stopping = false
    private let done = DispatchSemaphore(value: 0)

    init(cluster: BenchCluster, sent: SendTimes, from: Int, to: Int) throws {
        var configuration = cluster.kafka.consumerConfiguration()
        configuration.enableAutoCommit = false
        configuration.fetchWaitMax = .milliseconds(5)
        consumer = try KafkaConsumer(configuration: configuration, logger: cluster.logger)
        let partitions = try consumer.partitionCount(of: BenchCluster.scores)
        try consumer.assign(
            (0..<Int32(partitions)).map { KafkaTopicPartitionOffset(topic: BenchCluster.scores, partition: $0, offset: KafkaOffset.beginning) })
        self.sent = sent
        range = from..<to
    }

    /// Measured scores received so far.
    var received: Int { lock.withLock { count } }

    func start() {
        Thread { [self] in
            let reader = JSONReader()
            var batch: [(index: Int, createTime: Int64)] = []
            while !lock.withLock({ stopping }) {
                batch.removeAll(keepingCapacity: true)
                try? consumer.poll(timeout: .milliseconds(20)) { records in
                    for record in records {
                        guard let value = record.valueBytes, let created = record.timestamp,
                              let index = ScoreID.index(in: value, reader: reader), range.contains(index)
                        else { continue }
                        batch.append((index, created))
                    }
                }
                guard !batch.isEmpty else { continue }
                // CreateTime has millisecond resolution: take the middle of its millisecond.
                let latencies = sent.withTimes { times in batch.map { max(0, $0.createTime * 1_000 + 500 - times[$0.index]) } }
                lock.withLock {
                    for latency in latencies { _ = histogram.record(UInt64(latency)) }
                    count += latencies.count
                }
            }
            done.signal()
        }.start()
    }

    /// Stops reading; returns the histogram.
    func stop() -> Histogram<UInt64> {
        lock.withLock { stopping = true }
        done.wait()
        try? consumer.close()
        return lock.withLock { histogram }
    }
}
