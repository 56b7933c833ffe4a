import Slipstream

/// A card payment as it arrives on the `payments` topic:
/// `{"id":"p-1","card":"c-42","merchant":"m-7","mcc":"5411","country":"US","channel":"online","amount":12.34,"time":1700000000000}`.
///
/// `mcc` is the merchant category code, `channel` how the card was used (`online`, `pos`, `atm`…), `amount` in
/// the account's currency, `time` in milliseconds since 1970. ``validate(nowMilliseconds:limits:)`` is the
/// check a payment passes before it may reach the model.
@JSONEvent
public struct Payment: Decodable, Sendable, Hashable {
    public var id: String
    public var card: String
    public var merchant: String
    public var mcc: String
    public var country: String
    public var channel: String
    public var amount: Double
    /// Milliseconds since 1970.
    public var time: Int64
    /// When the pipeline read it, microseconds since 1970 by this machine's clock (not part of the message):
    /// the start of the latency a score reports.
    public var receivedAt: Int64 = 0

    enum CodingKeys: String, CodingKey {
        case id, card, merchant, mcc, country, channel, amount, time
    }

    /// Creates a payment.
    public init(
        id: String, card: String, merchant: String, mcc: String, country: String, channel: String, amount: Double,
        time: Int64
    ) {
        self.id = id
        self.card = card
        self.merchant = merchant
        self.mcc = mcc
        self.country = country
        self.channel = channel
        self.amount = amount
        self.time = time
    }

    /// Throws an ``InvalidEvent`` naming the first field that cannot be trusted: an empty identifier, an amount
    /// that is not a finite number in `0...limits.maxAmount`, a time before 1970 or further ahead of
    /// `nowMilliseconds` than `limits.maxClockSkew`.
    public func validate(nowMilliseconds: Int64, limits: EventLimits) throws(InvalidEvent) {
        try limits.checkIdentifier(id, field: "id")
        try limits.checkIdentifier(card, field: "card")
        try limits.checkIdentifier(merchant, field: "merchant")
        try limits.checkIdentifier(mcc, field: "mcc")
        try limits.checkIdentifier(country, field: "country")
        try limits.checkIdentifier(channel, field: "channel")
        guard amount.isFinite else { throw InvalidEvent(field: "amount", "must be a finite number, got \(amount)") }
        guard amount >= 0 else { throw InvalidEvent(field: "amount", "must not be negative, got \(amount)") }
        guard amount <= limits.maxAmount else {
            throw InvalidEvent(field: "amount", "exceeds the largest accepted amount \(limits.maxAmount), got \(amount)")
        }
        try limits.checkTime(time, nowMilliseconds: nowMilliseconds)
    }
}
