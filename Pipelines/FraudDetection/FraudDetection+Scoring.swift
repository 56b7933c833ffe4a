import Foundation
import Slipstream
import SlipstreamLearn

extension FraudDetection {
    /// Scores every payment context with the FTRL learner (and the challenger, if any), writes the scores, and
    /// trains the learners on the chargebacks joined to the features that were served.
    static func score(_ contexts: Stage<PaymentContext>, chargebacks: Stage<Chargeback>, settings: FraudSettings) {
        let champion = LearnerSpec.logisticRegression(
            .ftrl(alpha: settings.ftrlAlpha, beta: settings.ftrlBeta),
            regularization: Regularization(l1: settings.l1, l2: settings.l2), name: "ftrl")
        let featured = contexts.features(schema(hashBits: settings.hashBits, categorySmoothing: settings.categorySmoothing))
        // A challenger learns from the same labels with its own progressive metrics; the champion serves.
        let scored =
            if let challenger = settings.challenger {
                featured.score(
                    with: champion, challenger, serving: champion.name, id: \.payment.id, mode: settings.learningMode,
                    reasons: settings.reasons)
            } else {
                featured.score(
                    with: champion, id: \.payment.id, mode: settings.learningMode, reasons: settings.reasons)
            }
        var sink = KafkaSinkOptions()
        sink.linger = settings.scoresLinger
        // The sink writes each score message straight from the scored payment: no message value is built, and
        // no stage stands between the scorer and the sink.
        scored.write(
            .kafka(
                settings.scoresTopic, encoding: .custom { scored, bytes in FraudScore.write(scored, into: &bytes) },
                key: { $0.event.payment.card }, options: sink),
            name: "scores-out")
        scored.awaitLabel(
            from: chargebacks, on: \.paymentID, within: settings.labelWindow, eventTime: \.payment.time,
            labelTime: \.time, label: \.isFraud
        )
        .learn(unlabelled: .negative)
    }

    /// The features of a payment. Counts and amounts enter as logarithms (their effect on fraud odds is closer
    /// to multiplicative than additive). The merchant category enters twice: hashed, and target-encoded as its
    /// fraud rate so far, which the scoring stage learns from the same labels as the model (a chargeback, or
    /// the label window closing without one), so a payment is encoded only with labels that came before it.
    static func schema(hashBits: Int, categorySmoothing: Double) -> FeatureSchema<PaymentContext> {
        typealias Numeric = NumericFeature<PaymentContext>
        typealias Categorical = CategoricalFeature<PaymentContext>
        return FeatureSchema(hashBits: hashBits) {
            Numeric("amount_log") { log1p($0.payment.amount) }
            Numeric("amount_z", scaling: .none) { $0.card.amountZScore }
            Numeric("payments_10m", scaling: .none) { log(Double($0.card.paymentsInTenMinutes)) }
            Numeric("payments_24h", scaling: .none) { log(Double($0.card.paymentsInDay)) }
            Numeric("merchants_24h", scaling: .none) { log(Double($0.card.distinctMerchantsInDay)) }
            Numeric("since_last_log_s") { $0.card.secondsSinceLast.map { log1p($0) } }
            Categorical("mcc_fraud_rate", encoding: .target(smoothing: categorySmoothing)) { $0.payment.mcc }
            Categorical("mcc") { $0.payment.mcc }
            Categorical("merchant") { $0.payment.merchant }
            Categorical("country") { $0.payment.country }
            Categorical("channel") { $0.payment.channel }
            CrossFeature("mcc", "country")
            CrossFeature("channel", "country")
        }
    }
}
