/// One event of the demo's stream, as the generator made it: what it is, and what only the generator knows
/// (whether a payment is fraud, and whether its chargeback will arrive within the label window).
struct GeneratedEvent {
    enum Kind {
        /// A valid payment for the `payments` topic.
        case payment
        /// A payment that must go to the dead-letter topic.
        case badPayment(BadPaymentKind)
        /// A chargeback for the `chargebacks` topic.
        case chargeback
    }

    var kind: Kind
    /// The payment's number (`p-<sequence>`); for a chargeback, the disputed payment's.
    var sequence: Int
    /// Event time, milliseconds.
    var time: Int64
    /// The message key: the card for payments, the payment id for chargebacks.
    var key: String
    /// Payments: whether it is fraud, and by which pattern.
    var pattern: FraudPattern?
    /// Payments: whether a fraud chargeback for it will arrive within the label window (what the pipeline can
    /// learn); chargebacks: whether it says fraud.
    var labelledFraud = false

    var isFraud: Bool { pattern != nil }
}
