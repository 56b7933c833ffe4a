import Slipstream

/// A click on an ad, as it arrives on the `clicks` topic: `{"impression_id":"i-1","time":1700000004200}`.
@JSONEvent
public struct Click: Decodable, Sendable, Hashable {
    /// The impression that was clicked.
    public var impressionID: String
    /// Milliseconds since 1970.
    public var time: Int64

    enum CodingKeys: String, CodingKey {
        case impressionID = "impression_id"
        case time
    }

    /// Creates a click.
    public init(impressionID: String, time: Int64) {
        self.impressionID = impressionID
        self.time = time
    }

    /// Throws an ``InvalidEvent`` for an empty id or a time outside the accepted range.
    public func validate(nowMilliseconds: Int64, limits: EventLimits) throws(InvalidEvent) {
        try limits.checkIdentifier(impressionID, field: "impression_id")
        try limits.checkTime(time, nowMilliseconds: nowMilliseconds)
    }
}
