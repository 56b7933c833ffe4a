import Foundation
import Logging
import Slipstream

/// Sends the generator's events to the embedded cluster at the scenario's rate, on a thread of its own:
/// payments keyed by card, chargebacks keyed by payment id. Stops after the scenario's payments or when asked.
final class DemoProducer: @unchecked Sendable {
    private let scenario: DemoScenario
    private let truth: DemoTruth
    private let producer: KafkaProducer
    private let payments: KafkaProducerTopic
    private let chargebacks: KafkaProducerTopic
    private let lock = NSLock()
    private var stopRequested = false
    private var finished = false
    private var failure: String?
    private let done = DispatchSemaphore(value: 0)

    init(scenario: DemoScenario, truth: DemoTruth, kafka: EmbeddedKafka, topics: DemoTopics, logger: Logger) throws {
        self.scenario = scenario
        self.truth = truth
        var configuration = kafka.producerConfiguration()
        // Batches of many payments: the embedded cluster serves one batch per partition per fetch (see
        // DemoRun), so the pipeline reads as many payments per fetch as a batch holds.
        configuration.linger = .milliseconds(20)
        configuration.deliveryReports = .errorsOnly
        configuration.queueMaxMessages = 1_000_000
        producer = try KafkaProducer(configuration: configuration, logger: logger)
        payments = try producer.topic(topics.payments)
        chargebacks = try producer.topic(topics.chargebacks)
    }

    /// Starts sending.
    func start() {
        let thread = Thread { [self] in
            do {
                try run()
            } catch {
                lock.withLock { failure = "\(error)" }
            }
            lock.withLock { finished = true }
            done.signal()
        }
        thread.name = "demo-producer"
        thread.start()
    }

    /// Asks the thread to stop after the event it is sending.
    func stop() {
        lock.withLock { stopRequested = true }
    }

    /// Whether every event was sent (or sending stopped).
    var isFinished: Bool { lock.withLock { finished } }

    /// Waits until the thread has ended; returns why it failed, if it did.
    func wait() -> String? {
        done.wait()
        done.signal()
        return lock.withLock { failure }
    }

    private func run() throws {
        var generator = PaymentStreamGenerator(scenario: scenario)
        var reports: [KafkaDeliveryReport] = []
        let start = ContinuousClock.now
        var sentPayments = 0
        while sentPayments < scenario.payments {
            if lock.withLock({ stopRequested }) { break }
            // Send what the rate allows by now, in one go, then sleep a little: pacing without a timer per event.
            let elapsed = ContinuousClock.now - start
            let due = min(scenario.payments, Int(scenario.rate * Double(elapsed.components.seconds) + scenario.rate * Double(elapsed.components.attoseconds) / 1e18) + 1)
            while sentPayments < due {
                let event = generator.next()
                truth.record(event)
                let topic: KafkaProducerTopic
                switch event.kind {
                case .payment, .badPayment:
                    topic = payments
                    sentPayments += 1
                case .chargeback:
                    topic = chargebacks
                }
                var key = event.key
                try key.withUTF8 { key in
                    try generator.payload.withUnsafeBytes { value in
                        try producer.send(to: topic, keyBytes: UnsafeRawBufferPointer(key), valueBytes: value)
                    }
                }
            }
            if producer.poll(into: &reports) > 0, let failed = reports.first(where: { !$0.isDelivered }) {
                throw KafkaCommandError("a demo event could not be delivered: \(failed.error.map { "\($0)" } ?? "unknown error")")
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
        try producer.flush(timeout: .seconds(30))
    }
}
