/// A payment with everything the model scores it on: the payment itself, how it compares with its card's
/// history, and the fraud rate of its merchant category so far.
public struct PaymentContext: Sendable {
    public var payment: Payment
    public var card: CardSignals
    /// The smoothed fraud rate of the payment's merchant category (``CategoryRisk``), or the prior when the
    /// category has no labelled payment yet.
    public var categoryFraudRate: Double

    /// Creates the context.
    public init(payment: Payment, card: CardSignals, categoryFraudRate: Double) {
        self.payment = payment
        self.card = card
        self.categoryFraudRate = categoryFraudRate
    }
}
