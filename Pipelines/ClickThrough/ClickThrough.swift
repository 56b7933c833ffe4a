import Slipstream
import SlipstreamLearn

/// `ctr`: predicts the probability that an ad impression is clicked, from Kafka, and learns from the clicks
/// that follow within minutes.
///
/// ```
/// impressions ─► validate ─► features (hashed) ─► score (FTRL) ─► ctr-scores
/// clicks ──────► validate ──────────────────────────┘ learn: a click within 10 minutes is a 1, none is a 0
/// ```
///
/// - Features: the impression's high-cardinality categoricals (user, site, app, ad, campaign, advertiser,
///   device, os, geo, hour of day) hashed into 2^`hash-bits` weights, and the crosses ad × site,
///   advertiser × geo, app × os and campaign × hour, like Vowpal Wabbit's `-q`.
/// - Model: FTRL-Proximal logistic regression with L1 (sparse weights).
/// - Out, per impression, to `ctr-scores`: `{"id","score","model_version"}` (``CTRScore``).
/// - Labels: a click joined to the features served for its impression within the click window; an impression
///   without a click when the window closes (by event time) trains as not clicked.
/// - Bad input goes to the dead-letter topic with the reason.
///
/// Settings and their defaults: ``CTRSettings/documentation``.
public enum ClickThrough {
    /// The registry entry.
    public static let registration = RegisteredPipeline(
        name: "ctr", summary: "Predicts ad click-through from impressions and learns from clicks within minutes",
        settings: CTRSettings.documentation, make: make)

    /// Builds the pipeline from settings.
    public static func make(_ settings: PipelineSettings) throws -> Pipeline {
        make(try CTRSettings(settings))
    }

    /// Builds the pipeline.
    public static func make(_ settings: CTRSettings) -> Pipeline {
        Pipeline("ctr") { p in
            let options = KafkaSourceOptions(start: settings.start, deadLetters: .kafka(settings.deadLettersTopic))
            let limits = settings.limits
            let impressions = p.read(
                .kafka(
                    [settings.impressionsTopic],
                    decoding: .validatedJSON { (impression: inout Impression, now: Int64) in
                        try impression.validate(nowMilliseconds: now / 1_000, limits: limits)
                    },
                    options: options),
                name: "impressions"
            )
            .timestamps(\.time, allowedLateness: settings.allowedLateness, idleTimeout: settings.idleTimeout)
            let clicks = p.read(
                .kafka(
                    [settings.clicksTopic],
                    decoding: .validatedJSON { (click: inout Click, now: Int64) in
                        try click.validate(nowMilliseconds: now / 1_000, limits: limits)
                    },
                    options: options),
                name: "clicks"
            )
            .timestamps(\.time, allowedLateness: settings.allowedLateness, idleTimeout: settings.idleTimeout)

            let scored = impressions.features(schema(hashBits: settings.hashBits))
                .score(
                    with: .logisticRegression(
                        .ftrl(alpha: settings.ftrlAlpha, beta: settings.ftrlBeta),
                        regularization: Regularization(l1: settings.l1, l2: settings.l2), name: "ftrl"),
                    id: \.id, mode: settings.learningMode, reasons: settings.reasons)
            scored.map(name: "score-message") { CTRScore($0) }
                .write(.kafka(settings.scoresTopic, key: \.user), name: "scores-out")
            scored.awaitLabel(
                from: clicks, on: \.impressionID, within: settings.clickWindow, eventTime: \.time, labelTime: \.time,
                label: { (_: Click) in true }
            )
            .learn(unlabelled: .negative)
        }
    }

    /// The features of an impression: hashed categoricals and their crosses.
    static func schema(hashBits: Int) -> FeatureSchema<Impression> {
        typealias Categorical = CategoricalFeature<Impression>
        return FeatureSchema(hashBits: hashBits) {
            Categorical("user") { $0.user }
            Categorical("site") { $0.site }
            Categorical("app") { $0.app }
            Categorical("ad") { $0.ad }
            Categorical("campaign") { $0.campaign }
            Categorical("advertiser") { $0.advertiser }
            Categorical("device") { $0.device }
            Categorical("os") { $0.os }
            Categorical("geo") { $0.geo }
            Categorical("hour") { $0.hourOfDay }
            CrossFeature("ad", "site")
            CrossFeature("advertiser", "geo")
            CrossFeature("app", "os")
            CrossFeature("campaign", "hour")
        }
    }
}
