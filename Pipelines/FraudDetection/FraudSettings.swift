import Slipstream
import SlipstreamLearn

/// The settings of the `fraud-detection` pipeline, read from ``PipelineSettings`` (`--set name=value`,
/// `SLIPSTREAM_SET_<NAME>`, or `settings:` in a YAML file), each with its documented default. Brokers,
/// snapshots and the processing guarantee are `run-pipeline run`'s own options.
public struct FraudSettings: Sendable {
    public var paymentsTopic = "payments"
    public var chargebacksTopic = "chargebacks"
    public var scoresTopic = "fraud-scores"
    public var deadLettersTopic = "payments-dead-letters"
    /// Where sources start without a snapshot: `earliest`, `latest` or `committed`.
    public var start = KafkaSourceOptions.StartPosition.committed
    /// How long a chargeback may follow its payment; a payment without one by then trains as genuine.
    public var labelWindow: Duration = .days(30)
    /// How far out of order events may arrive and still be on time.
    public var allowedLateness: Duration = .seconds(5)
    /// How long a partition without events may hold event time back (chargeback partitions are often quiet).
    public var idleTimeout: Duration = .seconds(10)
    /// How long a card's history is kept after its last payment (processing time).
    public var cardTTL: Duration = .days(30)
    public var hashBits = 22
    public var ftrlAlpha = 0.05
    public var ftrlBeta = 1.0
    public var l1 = 0.5
    public var l2 = 0.0
    /// Pseudo-counts pulling a merchant category's fraud rate towards the rate over all categories.
    public var categorySmoothing = 200.0
    /// Reasons (top contributing features) per score.
    public var reasons = 3
    /// Learning, or score-only with a given model (from ``PipelineSettings/learningMode``).
    public var learningMode = LearningMode.learning
    /// A second learner trained on the same features and labels, with its own progressive metrics, that does
    /// not serve (`nil`: none).
    public var challenger: LearnerSpec?
    public var limits = EventLimits()
    /// How long the scores sink waits to batch messages (`linger.ms`): the floor of a score's latency.
    public var scoresLinger: Duration = .milliseconds(1)
    /// How long a broker may hold a fetch that finds no data (`fetch.wait.max.ms`). A real broker answers as
    /// soon as data arrives; librdkafka's mock cluster holds the fetch this long even then.
    public var fetchWait: Duration = .milliseconds(10)
    /// The same for the chargebacks. Labels have no latency target, so their topic, quiet most of the time, is
    /// fetched gently: every empty fetch held for a millisecond or two costs the brokers (the embedded cluster's
    /// single thread) and the consumer's threads a round trip, hundreds of times a second.
    public var labelsFetchWait: Duration = .milliseconds(100)

    /// Every setting, with its default, for listings and to reject misspelt names.
    public static let documentation: [PipelineSettingInfo] = [
        .init("payments-topic", default: "payments", "topic of the payments (JSON)"),
        .init("chargebacks-topic", default: "chargebacks", "topic of the chargebacks (JSON)"),
        .init("scores-topic", default: "fraud-scores", "topic the scores are written to"),
        .init("dead-letters-topic", default: "payments-dead-letters", "topic of the payments and chargebacks that are rejected, with the reason in a header"),
        .init("start", default: "committed", "where the sources start without a snapshot: earliest, latest or committed"),
        .init("label-window", default: "30d", "how long a chargeback may follow its payment; then the payment trains as genuine"),
        .init("allowed-lateness", default: "5s", "how far out of order events may arrive (event time)"),
        .init("idle-timeout", default: "10s", "how long a quiet partition may hold event time back"),
        .init("card-ttl", default: "30d", "how long a card's history is kept after its last payment"),
        .init("hash-bits", default: "22", "bits of the hashed feature space (18-28)"),
        .init("ftrl-alpha", default: "0.05", "FTRL learning rate alpha"),
        .init("ftrl-beta", default: "1", "FTRL beta"),
        .init("l1", default: "0.5", "L1 penalty"),
        .init("l2", default: "0", "L2 penalty"),
        .init("category-smoothing", default: "200", "pseudo-counts pulling a merchant category's fraud rate towards the overall rate"),
        .init("reasons", default: "3", "top contributing features listed with each score (0-10)"),
        .init("challenger", default: "none", "a second learner beside FTRL, with its own metrics: none, adaptive or adagrad"),
        .init("scores-linger", default: "1ms", "how long the scores producer waits to fill a batch: latency against throughput"),
        .init("fetch-wait", default: "10ms", "longest wait of a payments fetch that finds no data (the embedded cluster always waits this long)"),
        .init("labels-fetch-wait", default: "100ms", "the same for the chargebacks, which have no latency target"),
        .init("max-amount", default: "1000000", "larger amounts are rejected as dead letters"),
        .init("max-clock-skew", default: "10m", "times further ahead of this machine's clock are rejected as dead letters"),
    ]

    /// The defaults.
    public init() {}

    /// Reads every setting, rejecting unknown names and invalid values.
    public init(_ settings: PipelineSettings) throws(PipelineSettingError) {
        try settings.rejectUnknown(known: Self.documentation)
        learningMode = settings.learningMode
        paymentsTopic = try settings.name("payments-topic", default: paymentsTopic)
        chargebacksTopic = try settings.name("chargebacks-topic", default: chargebacksTopic)
        scoresTopic = try settings.name("scores-topic", default: scoresTopic)
        deadLettersTopic = try settings.name("dead-letters-topic", default: deadLettersTopic)
        start = try settings.startPosition("start", default: start)
        labelWindow = try settings.duration("label-window", default: labelWindow, minimum: .seconds(1))
        allowedLateness = try settings.duration("allowed-lateness", default: allowedLateness)
        idleTimeout = try settings.duration("idle-timeout", default: idleTimeout, minimum: .milliseconds(10))
        cardTTL = try settings.duration("card-ttl", default: cardTTL, minimum: .seconds(1))
        hashBits = try settings.int("hash-bits", default: hashBits, in: 18...28)
        ftrlAlpha = try settings.double("ftrl-alpha", default: ftrlAlpha, in: 1e-9...100)
        ftrlBeta = try settings.double("ftrl-beta", default: ftrlBeta, in: 0...1_000)
        l1 = try settings.double("l1", default: l1, in: 0...1_000)
        l2 = try settings.double("l2", default: l2, in: 0...1_000)
        categorySmoothing = try settings.double("category-smoothing", default: categorySmoothing, in: 0...1e9)
        reasons = try settings.int("reasons", default: reasons, in: 0...10)
        switch try settings.choice("challenger", default: "none", from: ["none", "adaptive", "adagrad"]) {
        case "adaptive": challenger = .logisticRegression(name: "adaptive")
        case "adagrad": challenger = .logisticRegression(.adaGrad(learningRate: 0.1), name: "adagrad")
        default: challenger = nil
        }
        limits.maxAmount = try settings.double("max-amount", default: limits.maxAmount, in: 0.01...1e15)
        limits.maxClockSkew = try settings.duration("max-clock-skew", default: limits.maxClockSkew)
        scoresLinger = try settings.duration("scores-linger", default: scoresLinger)
        fetchWait = try settings.duration("fetch-wait", default: fetchWait, minimum: .milliseconds(1))
        labelsFetchWait = try settings.duration("labels-fetch-wait", default: labelsFetchWait, minimum: .milliseconds(1))
    }
}
