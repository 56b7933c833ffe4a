import Foundation
import Logging
import SlipstreamKafka

/// An embedded cluster with the topics of `fraud-detection`, and helpers to write payments and chargebacks,
/// run `run-pipeline run fraud-detection` against it, and read what it wrote, for the fraud end-to-end tests.
final class FraudFixture {
    let kafka: EmbeddedKafka
    private let producer: KafkaProducer
    static let patience = Duration.seconds(120)

    /// A score as the pipeline writes it.
    struct Score: Decodable, Hashable {
        var id: String
        var score: Double
        var modelVersion: Int64
        var reasons: [String]
        var latencyMs: Double

        enum CodingKeys: String, CodingKey {
            case id, score, reasons
            case modelVersion = "model_version"
            case latencyMs = "latency_ms"
        }
    }

    /// A dead letter: its payload and the reason in its header.
    struct DeadLetter {
        var payload: String
        var reason: String
        var origin: String
    }

    init() throws {
        var logger = Logger(label: "tests")
        logger.logLevel = .critical
        kafka = try EmbeddedKafka(
            brokers: 1,
            topics: [
                .init("payments", partitions: 2), .init("chargebacks", partitions: 1), .init("fraud-scores", partitions: 2),
                .init("payments-dead-letters", partitions: 1),
            ],
            retentionCheckInterval: nil, logger: logger)
        var configuration = kafka.producerConfiguration()
        configuration.linger = .milliseconds(1)
        producer = try KafkaProducer(configuration: configuration, logger: logger)
    }

    deinit {
        try? producer.flush(timeout: .seconds(5))
        kafka.shutdown()
    }

    /// A payment's JSON.
    static func payment(
        id: String, card: String, merchant: String = "m-1", mcc: String = "5411", country: String = "US",
        channel: String = "pos", amount: Double = 25.5, time: Int64
    ) -> String {
        #"{"id":"\#(id)","card":"\#(card)","merchant":"\#(merchant)","mcc":"\#(mcc)","country":"\#(country)","channel":"\#(channel)","amount":\#(amount),"time":\#(time)}"#
    }

    /// A chargeback's JSON.
    static func chargeback(paymentID: String, card: String, time: Int64, reason: String = "fraud") -> String {
        #"{"payment_id":"\#(paymentID)","card":"\#(card)","time":\#(time),"reason":"\#(reason)"}"#
    }

    /// Writes `messages` (key, JSON) to `topic` and waits until they are delivered.
    func send(_ messages: [(key: String, value: String)], to topic: String) throws {
        let handle = try producer.topic(topic)
        for message in messages {
            try producer.send(to: handle, key: message.key, value: message.value)
        }
        try producer.flush(timeout: .seconds(30))
    }

    /// The arguments of `run-pipeline run fraud-detection` against this cluster.
    func runArguments(_ settings: [String] = []) -> [String] {
        ["run", "fraud-detection", "--brokers", kafka.bootstrapServers, "--threads", "2", "--progress-interval", "off",
         "--set", "start=earliest", "--set", "idle-timeout=200ms"]
            + settings.flatMap { ["--set", $0] }
    }

    /// Waits until vertex `vertex` of the run serving metrics on `port` has emitted at least `count` items.
    ///
    /// Tests that send labels and then move event time on wait for this in between: on a loaded machine the
    /// labels' consumer can lag the payments', and label windows closed before the labels arrive train the
    /// labelled payments as genuine. Items out of their source are ahead of any watermark that input sends.
    func waitUntil(vertex: String, hasEmitted count: Int, metricsPort port: Int) {
        let series = "slipstream_vertex_items_out_total{job=\"fraud-detection\",vertex=\"\(vertex)\"} "
        let deadline = ContinuousClock.now.advanced(by: Self.patience)
        while ContinuousClock.now < deadline {
            let body = (try? LoopbackHTTP.get("/metrics", port: port).body) ?? ""
            let emitted = body.split(separator: "\n").first { $0.hasPrefix(series) }
                .flatMap { Double($0.dropFirst(series.count)) } ?? 0
            if emitted >= Double(count) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Every message of `topic` now, read from the beginning until the end of each partition.
    func messages(_ topic: String) throws -> [(value: String, headers: [KafkaHeader])] {
        var configuration = kafka.consumerConfiguration()
        configuration.enableAutoCommit = false
        configuration.fetchWaitMax = .milliseconds(5)
        let consumer = try KafkaConsumer(configuration: configuration)
        defer { try? consumer.close() }
        let partitions = try consumer.partitionCount(of: topic)
        var ends: [Int32: Int64] = [:]
        for partition in 0..<Int32(partitions) {
            ends[partition] = try consumer.watermarks(topic: topic, partition: partition).high
        }
        try consumer.assign(
            (0..<Int32(partitions)).map { KafkaTopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning) })
        var result: [(String, [KafkaHeader])] = []
        var positions: [Int32: Int64] = [:]
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while ends.contains(where: { (positions[$0.key] ?? 0) < $0.value }) && ContinuousClock.now < deadline {
            try consumer.poll(timeout: .milliseconds(100)) { batch in
                for record in batch {
                    result.append((record.valueString ?? "", record.headers))
                    positions[record.partition] = record.offset + 1
                }
            }
        }
        return result
    }

    /// The scores written so far.
    func scores() throws -> [Score] {
        try messages("fraud-scores").map { try JSONDecoder().decode(Score.self, from: Data($0.value.utf8)) }
    }

    /// Waits until `fraud-scores` holds at least `count` scores.
    func waitForScores(atLeast count: Int) throws -> [Score] {
        let deadline = ContinuousClock.now.advanced(by: Self.patience)
        var latest: [Score] = []
        while ContinuousClock.now < deadline {
            latest = try scores()
            if latest.count >= count { return latest }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw KafkaCLI.Failure(description: "only \(latest.count) of \(count) scores arrived")
    }

    /// The dead letters so far, with their reasons.
    func deadLetters() throws -> [DeadLetter] {
        try messages("payments-dead-letters").map { message in
            let header = { (name: String) in message.headers.last { $0.name == name }?.stringValue ?? "" }
            return DeadLetter(payload: message.value, reason: header("slipstream.error"), origin: header("slipstream.topic"))
        }
    }

    /// Milliseconds since 1970 now.
    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }
}
