import Foundation
import Logging
import Slipstream
import SlipstreamPipelines

/// One run of the demo: the embedded cluster, the fraud pipeline, the producer of generated payments and the
/// reader grading the scores, watched until every payment is scored (or Ctrl-C), then summarized.
struct DemoRun {
    let scenario: DemoScenario
    let partitions: Int
    let threads: Int
    let progressInterval: Duration?
    let verbose: Bool

    /// How long the demo waits for the last scores once the generator is done, without any new one arriving.
    static let drainPatience = Duration.seconds(15)

    func run() async throws -> DemoSummary {
        var logger = Logger(label: "run-pipeline.demo") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .info : .error
        let topics = DemoTopics()
        let kafka = try EmbeddedKafka(
            brokers: 1, topics: topics.specs(payments: scenario.payments, partitions: partitions),
            retentionCheckInterval: nil, logger: logger)
        defer { kafka.shutdown() }
        writeStandardError(header())

        var settings = FraudSettings()
        settings.labelWindow = .milliseconds(scenario.labelWindowMilliseconds)
        settings.start = .earliest
        // Event time runs fast: a quiet partition may hold it back for a moment only, and a minute of event
        // time is a few milliseconds of the clock.
        settings.idleTimeout = .seconds(1)
        settings.allowedLateness = .minutes(1)
        // Champion/challenger: a second learner on the same features and labels, with its own metrics.
        settings.challenger = .logisticRegression(name: "adaptive")
        // The embedded cluster answers a fetch with at most one produced batch per partition, found by a walk
        // from the oldest batch it keeps: a topic written in batches of one or two messages is read one message
        // per fetch, each fetch costlier than the last, until the broker's thread cannot keep up (scores then
        // lag seconds behind). Batches of ~10 ms keep that walk short. The latency the demo reports ends when
        // a score is ready to send, before this wait; against a real Kafka the default of 1 ms stays best.
        settings.scoresLinger = .milliseconds(10)
        let pipeline = FraudDetection.make(settings)
        var configuration = PipelineConfiguration(
            kafka: KafkaConnection(bootstrapServers: kafka.bootstrapServers), cooperativeThreads: threads,
            logger: logger)
        configuration.job.logger = logger
        let job = try pipeline.start(configuration)

        let truth = DemoTruth(capacity: scenario.payments + 1_024)
        let reader = try ScoreReader(
            truth: truth, kafka: kafka, topic: topics.scores, scenario: scenario, logger: logger)
        reader.start()
        let producer = try DemoProducer(scenario: scenario, truth: truth, kafka: kafka, topics: topics, logger: logger)
        let trap = SignalTrap()
        let start = ContinuousClock.now
        producer.start()

        var progress = DemoProgress(scenario: scenario, start: start)
        var lastScores = 0
        var lastScoreTime = ContinuousClock.now
        var interrupted = false
        var jobFailure: String?
        while true {
            try? await Task.sleep(for: .milliseconds(100))
            let scores = reader.scoreCount
            let produced = truth.counts
            if let interval = progressInterval, progress.isDue(every: interval) {
                writeStandardError(
                    progress.line(
                        produced: produced, figures: reader.current, counters: DemoCounters(job.metrics),
                        learners: LearningMonitor.shared.figures(pipeline: pipeline.name)) + "\n")
            }
            if trap.signalCaught != nil && !interrupted {
                interrupted = true
                producer.stop()
                writeStandardError("stopping: the generator stops, the last scores are collected\n")
            }
            if job.status.isTerminal {
                do { try await job.join() } catch { jobFailure = "\(error)" }
                break
            }
            if scores != lastScores {
                lastScores = scores
                lastScoreTime = .now
            }
            guard producer.isFinished else { continue }
            if scores >= produced.payments || ContinuousClock.now - lastScoreTime > Self.drainPatience { break }
        }
        let generation = ContinuousClock.now - start
        let producerFailure = producer.wait()
        // Dead letters are flushed in the background; give the last ones a moment.
        try? await Task.sleep(for: .milliseconds(300))
        let counters = DemoCounters(job.metrics)
        let learners = LearningMonitor.shared.figures(pipeline: pipeline.name)
        job.cancel()
        _ = try? await job.join()
        reader.stop()
        let deadLetters = (try? Self.deadLetterReasons(kafka: kafka, topic: topics.deadLetters, logger: logger)) ?? [:]
        return DemoSummary(
            scenario: scenario, produced: truth.counts, figures: reader.current,
            latencies: reader.latency(at: [0.5, 0.99, 0.999]), counters: counters, learners: learners,
            deadLetterReasons: deadLetters, deadLetterTopic: topics.deadLetters, seconds: generation.seconds,
            interrupted: interrupted, failure: jobFailure ?? producerFailure)
    }

    private func header() -> String {
        let days = Double(scenario.eventSpan) / 86_400_000
        return """
            Slipstream demo: fraud-detection on an embedded Kafka cluster, seed \(scenario.seed)
              \(DemoText.count(scenario.payments)) payments at \(DemoText.count(Int(scenario.rate)))/s over \(DemoText.count(scenario.cards)) cards; \
            event time runs \(DemoText.count(Int(scenario.speed)))x the clock (\(DemoText.decimal(days, 1)) days in all)
              chargebacks arrive days later; a payment without one within \(DemoText.duration(scenario.labelWindowMilliseconds)) trains as genuine
              fraud: \(FraudPattern.allCases.map(\.title).joined(separator: ", then "))

            """
    }

    /// The dead letters in `topic` now, counted by reason (the reason header up to its ", got …" part, so that
    /// one kind of mistake counts as one reason).
    static func deadLetterReasons(kafka: EmbeddedKafka, topic: String, logger: Logger) throws -> [String: Int] {
        var configuration = kafka.consumerConfiguration()
        configuration.enableAutoCommit = false
        configuration.fetchWaitMax = .milliseconds(5)
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        defer { try? consumer.close() }
        var remaining = 0
        var positions: [KafkaTopicPartitionOffset] = []
        for partition in 0..<Int32(try consumer.partitionCount(of: topic)) {
            let marks = try consumer.watermarks(topic: topic, partition: partition)
            remaining += Int(marks.high - marks.low)
            positions.append(KafkaTopicPartitionOffset(topic: topic, partition: partition, offset: marks.low))
        }
        try consumer.assign(positions)
        var reasons: [String: Int] = [:]
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while remaining > 0 && ContinuousClock.now < deadline {
            try consumer.poll(timeout: .milliseconds(100)) { batch in
                for record in batch {
                    remaining -= 1
                    let header = record.headers.last { $0.name == DeadLetter.Header.error }?.stringValue ?? "no reason"
                    var reason = header.range(of: ", got ").map { String(header[..<$0.lowerBound]) } ?? header
                    if let at = reason.range(of: " at byte "), let colon = reason[at.upperBound...].firstIndex(of: ":") {
                        reason.removeSubrange(at.lowerBound..<colon)
                    }
                    reasons[reason, default: 0] += 1
                }
            }
        }
        return reasons
    }
}

extension Duration {
    /// In seconds, as a `Double`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
