import Slipstream

/// The settings of the `ctr` pipeline, read from ``PipelineSettings`` (`--set name=value`,
/// `SLIPSTREAM_SET_<NAME>`, or `settings:` in a YAML file), each with its documented default. Brokers,
/// snapshots and the processing guarantee are `run-pipeline run`'s own options.
public struct CTRSettings: Sendable {
    public var impressionsTopic = "impressions"
    public var clicksTopic = "clicks"
    public var scoresTopic = "ctr-scores"
    public var deadLettersTopic = "impressions-dead-letters"
    public var start = KafkaSourceOptions.StartPosition.committed
    /// How long after its impression a click still counts; an impression without one by then trains as not
    /// clicked.
    public var clickWindow: Duration = .minutes(10)
    public var allowedLateness: Duration = .seconds(5)
    public var idleTimeout: Duration = .seconds(10)
    public var hashBits = 24
    public var ftrlAlpha = 0.1
    public var ftrlBeta = 1.0
    public var l1 = 1.0
    public var l2 = 0.0
    public var reasons = 0
    /// Learning, or score-only with a given model (from ``PipelineSettings/learningMode``).
    public var learningMode = LearningMode.learning
    public var limits = EventLimits()

    /// Every setting, with its default, for listings and to reject misspelt names.
    public static let documentation: [PipelineSettingInfo] = [
        .init("impressions-topic", default: "impressions", "topic of the impressions (JSON)"),
        .init("clicks-topic", default: "clicks", "topic of the clicks (JSON)"),
        .init("scores-topic", default: "ctr-scores", "topic the click-through scores are written to"),
        .init("dead-letters-topic", default: "impressions-dead-letters", "topic of the rejected impressions and clicks, with the reason in a header"),
        .init("start", default: "committed", "where the sources start without a snapshot: earliest, latest or committed"),
        .init("click-window", default: "10m", "how long after its impression a click counts; then the impression trains as not clicked"),
        .init("allowed-lateness", default: "5s", "how far out of order events may arrive (event time)"),
        .init("idle-timeout", default: "10s", "how long a quiet partition may hold event time back"),
        .init("hash-bits", default: "24", "bits of the hashed feature space (18-28)"),
        .init("ftrl-alpha", default: "0.1", "FTRL learning rate alpha"),
        .init("ftrl-beta", default: "1", "FTRL beta"),
        .init("l1", default: "1", "L1 penalty"),
        .init("l2", default: "0", "L2 penalty"),
        .init("reasons", default: "0", "top contributing features listed with each score (0-10)"),
        .init("max-clock-skew", default: "10m", "times further ahead of this machine's clock are rejected as dead letters"),
    ]

    /// The defaults.
    public init() {}

    /// Reads every setting, rejecting unknown names and invalid values.
    public init(_ settings: PipelineSettings) throws(PipelineSettingError) {
        try settings.rejectUnknown(known: Self.documentation)
        learningMode = settings.learningMode
        impressionsTopic = try settings.name("impressions-topic", default: impressionsTopic)
        clicksTopic = try settings.name("clicks-topic", default: clicksTopic)
        scoresTopic = try settings.name("scores-topic", default: scoresTopic)
        deadLettersTopic = try settings.name("dead-letters-topic", default: deadLettersTopic)
        start = try settings.startPosition("start", default: start)
        clickWindow = try settings.duration("click-window", default: clickWindow, minimum: .seconds(1))
        allowedLateness = try settings.duration("allowed-lateness", default: allowedLateness)
        idleTimeout = try settings.duration("idle-timeout", default: idleTimeout, minimum: .milliseconds(10))
        hashBits = try settings.int("hash-bits", default: hashBits, in: 18...28)
        ftrlAlpha = try settings.double("ftrl-alpha", default: ftrlAlpha, in: 1e-9...100)
        ftrlBeta = try settings.double("ftrl-beta", default: ftrlBeta, in: 0...1_000)
        l1 = try settings.double("l1", default: l1, in: 0...1_000)
        l2 = try settings.double("l2", default: l2, in: 0...1_000)
        reasons = try settings.int("reasons", default: reasons, in: 0...10)
        limits.maxClockSkew = try settings.duration("max-clock-skew", default: limits.maxClockSkew)
    }
}
