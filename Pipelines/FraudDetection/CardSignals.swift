/// The per-card features of one payment, from ``CardActivity/record(_:)``: how the payment compares with the
/// card's own history. Counts include the payment itself.
public struct CardSignals: Sendable, Hashable {
    /// Whether the card had never been seen (its other signals then say little).
    public var isFirstPayment = true
    /// Seconds since the card's previous payment; `nil` for its first.
    public var secondsSinceLast: Double?
    /// How unusual the amount is for the card: `(log(1 + amount) - mean) / deviation` over its earlier payments,
    /// clamped to ±10; 0 until the card has two payments.
    public var amountZScore = 0.0
    /// The card's payments in the 10 minutes up to this one.
    public var paymentsInTenMinutes = 1
    /// The card's payments in the 24 hours up to this one.
    public var paymentsInDay = 1
    /// Distinct merchants among the card's payments of the last 24 hours.
    public var distinctMerchantsInDay = 1

    /// Signals of a card's first payment.
    public init() {}
}
