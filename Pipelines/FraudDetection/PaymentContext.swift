/// A payment with what the model scores it on besides its own fields: how it compares with its card's history.
/// (The merchant category's fraud rate so far is the scoring stage's own target encoding of `payment.mcc`.)
public struct PaymentContext: Sendable {
    public var payment: Payment
    public var card: CardSignals

    /// Creates the context.
    public init(payment: Payment, card: CardSignals) {
        self.payment = payment
        self.card = card
    }
}
