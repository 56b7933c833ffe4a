import Slipstream

/// An ad shown to a user, as it arrives on the `impressions` topic:
/// `{"id":"i-1","user":"u-7","site":"s-12","app":"a-3","ad":"ad-77","campaign":"c-9","advertiser":"adv-2","device":"d-40","os":"android","geo":"US","time":1700000000000}`.
///
/// Every field but `id` and `time` is a categorical of any cardinality (ads and users number in the millions):
/// they are hashed into the model's feature space, never enumerated.
@JSONEvent
public struct Impression: Decodable, Sendable, Hashable {
    public var id: String
    public var user: String
    public var site: String
    public var app: String
    public var ad: String
    public var campaign: String
    public var advertiser: String
    public var device: String
    public var os: String
    public var geo: String
    /// Milliseconds since 1970.
    public var time: Int64

    /// Creates an impression.
    public init(
        id: String, user: String, site: String, app: String, ad: String, campaign: String, advertiser: String,
        device: String, os: String, geo: String, time: Int64
    ) {
        self.id = id
        self.user = user
        self.site = site
        self.app = app
        self.ad = ad
        self.campaign = campaign
        self.advertiser = advertiser
        self.device = device
        self.os = os
        self.geo = geo
        self.time = time
    }

    /// Throws an ``InvalidEvent`` for an empty or overlong identifier, or a time outside the accepted range.
    public func validate(nowMilliseconds: Int64, limits: EventLimits) throws(InvalidEvent) {
        for (value, field) in [
            (id, "id"), (user, "user"), (site, "site"), (app, "app"), (ad, "ad"), (campaign, "campaign"),
            (advertiser, "advertiser"), (device, "device"), (os, "os"), (geo, "geo"),
        ] {
            try limits.checkIdentifier(value, field: field)
        }
        try limits.checkTime(time, nowMilliseconds: nowMilliseconds)
    }

    /// The hour of the day (UTC) of the impression, a categorical: click rates follow the time of day.
    public var hourOfDay: String {
        String((time / 3_600_000) % 24)
    }
}
