import Foundation
import Slipstream

/// `fraud-detection`: scores every card payment from Kafka within milliseconds and keeps learning from
/// chargebacks that arrive days later.
///
/// ```
/// payments ─► validate ─► by card: card history ─► features ─► score (FTRL) ─► fraud-scores
///                                                                    ▲ │
/// chargebacks ─► validate ───────────────────────────────────────────┘ └─► learn (labels joined by payment id)
/// ```
///
/// - Per card (grid map keyed by card): payments in the last 10 minutes and 24 hours, the amount's z-score
///   against the card's running statistics, time since the card's previous payment, distinct merchants in
///   24 hours (``CardActivity``).
/// - Per merchant category: its smoothed fraud rate so far, a target encoding the scoring stage learns from the
///   labels that arrived (the chargebacks and the windows that closed without one), never from labels to come.
/// - Hashed categoricals (merchant, category, country, channel) and crosses (category × country,
///   channel × country); an FTRL-Proximal logistic regression.
/// - Out, per payment, to `fraud-scores`: `{"id","score","model_version","reasons":[…],"latency_ms"}`
///   (``FraudScore``).
/// - Labels: a chargeback whose reason is fraud, joined to the features that were served for its payment within
///   the label window; a payment without one when the window closes (by event time) trains as genuine.
/// - Every valid payment is scored exactly once, however late: one behind the watermark is counted (the
///   `payments` source's `lateEvents`) and scored like the others, never dropped.
/// - Bad input (malformed JSON, missing or mistyped fields, NaN, infinite or negative amounts, times far ahead
///   of the clock) goes to the dead-letter topic with the reason, and never reaches the model.
///
/// Settings and their defaults: ``FraudSettings/documentation``.
public enum FraudDetection {
    /// The registry entry.
    public static let registration = RegisteredPipeline(
        name: "fraud-detection",
        summary: "Scores card payments for fraud and learns from chargebacks that arrive days later",
        settings: FraudSettings.documentation, make: make)

    /// Builds the pipeline from settings.
    public static func make(_ settings: PipelineSettings) throws -> Pipeline {
        make(try FraudSettings(settings))
    }

    /// Builds the pipeline.
    public static func make(_ settings: FraudSettings) -> Pipeline {
        Pipeline("fraud-detection") { p in
            var sourceOptions = KafkaSourceOptions(start: settings.start, deadLetters: .kafka(settings.deadLettersTopic))
            sourceOptions.fetchWaitMax = settings.fetchWait
            var labelOptions = sourceOptions
            labelOptions.fetchWaitMax = settings.labelsFetchWait
            let limits = settings.limits
            // Every valid payment is scored exactly once, however late: one behind the watermark (its partition
            // went quiet past the idle timeout, or it came further out of order than the allowed lateness) is
            // counted in the source's `lateEvents` and stays in the stream. Downstream nothing waits on it: the
            // card history takes it in arrival order, and the label join still keeps it for its chargeback
            // unless its whole label window has passed (then it closes at once, as genuine).
            let payments = p.read(
                .kafka(
                    [settings.paymentsTopic],
                    decoding: .validatedJSON { (payment: inout Payment, now: Int64) in
                        try payment.validate(nowMilliseconds: now / 1_000, limits: limits)
                        payment.receivedAt = now
                    },
                    options: sourceOptions),
                name: "payments"
            )
            .timestamps(\.time, allowedLateness: settings.allowedLateness, idleTimeout: settings.idleTimeout, late: .keep)
            // A late chargeback still finds its payment while that payment's label window is open.
            let chargebacks = p.read(
                .kafka(
                    [settings.chargebacksTopic],
                    decoding: .validatedJSON { (chargeback: inout Chargeback, now: Int64) in
                        try chargeback.validate(nowMilliseconds: now / 1_000, limits: limits)
                    },
                    options: labelOptions),
                name: "chargebacks"
            )
            .timestamps(\.time, allowedLateness: settings.allowedLateness, idleTimeout: settings.idleTimeout, late: .keep)

            score(paymentContexts(payments: payments, settings: settings), chargebacks: chargebacks, settings: settings)
        }
    }

    /// Every payment with its card's signals.
    static func paymentContexts(payments: Stage<Payment>, settings: FraudSettings) -> Stage<PaymentContext> {
        payments
            .grouped(by: \.card)
            .stateful(name: "card-activity", initial: { CardActivity() }, ttl: settings.cardTTL) { activity, payment in
                PaymentContext(payment: payment, card: activity.record(payment))
            }
    }
}
