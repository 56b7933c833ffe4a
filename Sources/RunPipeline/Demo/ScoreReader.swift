import Foundation
import Logging
import Slipstream
import SlipstreamLearn

/// Reads `fraud-scores` on a thread of its own while the demo runs and grades every score against
/// ``DemoTruth``: scored once each, never a bad payment, and how well the scores separate fraud from genuine
/// payments (progressive: every score was made before its payment's label reached the model).
final class ScoreReader: @unchecked Sendable {
    /// The figures so far.
    struct Figures {
        var scores = 0
        var duplicates = 0
        var unknown = 0
        var scoredBadPayments = 0
        var unreadable = 0
        var auc = ROCAUC()
        var recentAUC = RollingROCAUC(window: 10_000)
        var logLoss = LogLoss()
        /// The same, for the payments made after the first label window had closed: once genuine payments
        /// train too, not only the fraud reported early.
        var steadyAUC = ROCAUC()
        var steadyLogLoss = LogLoss()
        /// Per third of the demo: the AUC of its scores.
        var aucByThird = [ROCAUC(), ROCAUC(), ROCAUC()]
        /// Fraudulent payments scored.
        var frauds = 0
        var modelVersion: Int64 = 0
        /// The best-scored fraud so far: (id, pattern, score, reasons).
        var example: (id: String, pattern: FraudPattern, score: Double, reasons: [String])?
    }

    private let truth: DemoTruth
    private let consumer: KafkaConsumer
    private let payments: Int
    /// The first payment made a label window after the start.
    private let steadyFrom: Int
    private let lock = NSLock()
    private var figures = Figures()
    private var seen: [Bool]
    /// Latencies the scores reported, milliseconds (the first million).
    private var latencies: [Double] = []
    private var stopRequested = false
    private let done = DispatchSemaphore(value: 0)

    init(truth: DemoTruth, kafka: EmbeddedKafka, topic: String, scenario: DemoScenario, logger: Logger) throws {
        self.truth = truth
        payments = scenario.payments
        steadyFrom = Int(Double(scenario.labelWindowMilliseconds) / scenario.millisecondsPerPayment)
        var configuration = kafka.consumerConfiguration()
        configuration.enableAutoCommit = false
        configuration.fetchWaitMax = .milliseconds(5)
        consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        let partitions = try consumer.partitionCount(of: topic)
        try consumer.assign(
            (0..<Int32(partitions)).map { KafkaTopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning) })
        seen = []
        seen.reserveCapacity(scenario.payments)
    }

    /// Starts reading.
    func start() {
        let thread = Thread { [self] in
            read()
            done.signal()
        }
        thread.name = "demo-scores"
        thread.start()
    }

    /// Stops reading and waits for the thread.
    func stop() {
        lock.withLock { stopRequested = true }
        done.wait()
        try? consumer.close()
    }

    /// A copy of the figures so far.
    var current: Figures { lock.withLock { figures } }

    /// Scores read so far (cheaper than ``current``).
    var scoreCount: Int { lock.withLock { figures.scores } }

    /// The latency the scores reported at each of `quantiles` (0...1), milliseconds; NaN without scores.
    func latency(at quantiles: [Double]) -> [Double] {
        let sorted = lock.withLock { latencies }.sorted()
        return quantiles.map { q in
            sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.down)))]
        }
    }

    private func read() {
        let decoder = JSONEventDecoder()
        var batch: [ScoreMessage] = []
        while !lock.withLock({ stopRequested }) {
            batch.removeAll(keepingCapacity: true)
            var unreadable = 0
            do {
                try consumer.poll(timeout: .milliseconds(50)) { records in
                    for record in records {
                        guard let value = record.valueBytes, let score = try? decoder.decode(ScoreMessage.self, from: value) else {
                            unreadable += 1
                            continue
                        }
                        batch.append(score)
                    }
                }
            } catch {
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            if batch.isEmpty && unreadable == 0 { continue }
            grade(batch, unreadable: unreadable)
        }
    }

    private func grade(_ batch: [ScoreMessage], unreadable: Int) {
        let verdicts: [DemoTruth.Payment?] = truth.withPayments { table in
            batch.map { score in
                guard score.id.hasPrefix("p-"), let sequence = Int(score.id.dropFirst(2)), sequence < table.count else {
                    return nil
                }
                return table[sequence]
            }
        }
        lock.withLock {
            figures.unreadable += unreadable
            for (score, verdict) in zip(batch, verdicts) {
                guard let verdict, let sequence = Int(score.id.dropFirst(2)) else {
                    figures.unknown += 1
                    continue
                }
                if seen.count <= sequence { seen.append(contentsOf: repeatElement(false, count: sequence + 1 - seen.count)) }
                if seen[sequence] {
                    figures.duplicates += 1
                    continue
                }
                seen[sequence] = true
                figures.scores += 1
                if verdict.isBad {
                    figures.scoredBadPayments += 1
                    continue
                }
                let fraud = verdict.fraudPattern != nil
                let probability = score.score.isFinite ? min(1, max(0, score.score)) : 0.5
                figures.auc.update(score: probability, label: fraud)
                figures.recentAUC.update(score: probability, label: fraud)
                figures.logLoss.update(probability: probability, label: fraud)
                if sequence >= steadyFrom {
                    figures.steadyAUC.update(score: probability, label: fraud)
                    figures.steadyLogLoss.update(probability: probability, label: fraud)
                }
                figures.aucByThird[min(2, sequence * 3 / max(1, self.payments))].update(score: probability, label: fraud)
                figures.modelVersion = max(figures.modelVersion, score.modelVersion)
                if latencies.count < 1_000_000 { latencies.append(score.latencyMs) }
                if let pattern = verdict.fraudPattern {
                    figures.frauds += 1
                    if probability > (figures.example?.score ?? -1) {
                        figures.example = (score.id, pattern, probability, score.reasons)
                    }
                }
            }
        }
    }
}
