/// The bounds an input event must respect to reach the model; anything outside goes to the dead-letter topic.
public struct EventLimits: Sendable, Hashable {
    /// The largest amount accepted. Default: 1,000,000.
    public var maxAmount: Double = 1_000_000
    /// How far ahead of this machine's clock an event's time may be (clocks drift; a time further ahead is a
    /// bug upstream, and would drag the watermark into the future). Default: 10 minutes.
    public var maxClockSkew: Duration = .minutes(10)
    /// The longest identifier accepted, in bytes. Default: 256.
    public var maxIdentifierBytes = 256

    /// The default limits.
    public init() {}

    /// Limits with the given amount and skew bounds.
    public init(maxAmount: Double, maxClockSkew: Duration) {
        self.maxAmount = maxAmount
        self.maxClockSkew = maxClockSkew
    }

    func checkIdentifier(_ value: String, field: String) throws(InvalidEvent) {
        let bytes = value.utf8.count
        guard bytes > 0 else { throw InvalidEvent(field: field, "must not be empty") }
        guard bytes <= maxIdentifierBytes else {
            throw InvalidEvent(field: field, "is \(bytes) bytes long, more than the \(maxIdentifierBytes) accepted")
        }
    }

    func checkTime(_ time: Int64, nowMilliseconds: Int64) throws(InvalidEvent) {
        guard time > 0 else { throw InvalidEvent(field: "time", "must be milliseconds since 1970, got \(time)") }
        let skew = maxClockSkew.components.seconds * 1_000
        guard time <= nowMilliseconds &+ skew else {
            throw InvalidEvent(
                field: "time",
                "is more than \(skew / 1_000) s ahead of this machine's clock, got \(time) (\((time - nowMilliseconds) / 1_000) s ahead)")
        }
    }
}
