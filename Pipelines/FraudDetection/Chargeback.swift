import Slipstream

/// A chargeback as it arrives on the `chargebacks` topic, days after its payment:
/// `{"payment_id":"p-1","card":"c-42","time":1700600000000,"reason":"fraud"}`.
///
/// Only chargebacks whose reason is fraud (``isFraud``) label their payment as fraudulent; the others (goods
/// not received, duplicate processing…) are disputes about a genuine payment, and that payment trains as a
/// negative.
@JSONEvent
public struct Chargeback: Decodable, Sendable, Hashable {
    /// The id of the disputed payment.
    public var paymentID: String
    public var card: String
    /// Milliseconds since 1970.
    public var time: Int64
    /// Why the cardholder disputed the payment (`fraud`, `not_received`, `duplicate`…).
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case paymentID = "payment_id"
        case card, time, reason
    }

    /// Creates a chargeback.
    public init(paymentID: String, card: String, time: Int64, reason: String) {
        self.paymentID = paymentID
        self.card = card
        self.time = time
        self.reason = reason
    }

    /// Whether the chargeback says the payment was fraudulent (reason `fraud`, any case).
    public var isFraud: Bool {
        reason.utf8.count == 5 && reason.lowercased() == "fraud"
    }

    /// Throws an ``InvalidEvent`` for an empty id or reason, or a time outside the accepted range.
    public func validate(nowMilliseconds: Int64, limits: EventLimits) throws(InvalidEvent) {
        try limits.checkIdentifier(paymentID, field: "payment_id")
        try limits.checkIdentifier(card, field: "card")
        try limits.checkIdentifier(reason, field: "reason")
        try limits.checkTime(time, nowMilliseconds: nowMilliseconds)
    }
}
