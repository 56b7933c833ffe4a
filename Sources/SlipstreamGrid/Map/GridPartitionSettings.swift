/// The part of a map's configuration each partition applies, with durations in milliseconds.
@usableFromInline
struct GridPartitionSettings: Sendable {
    @usableFromInline var timeToLive: Int64?
    @usableFromInline var maxIdle: Int64?
    @usableFromInline var maxEntries: Int?
    @usableFromInline var policy: GridEvictionPolicy?

    @usableFromInline
    init(timeToLive: Int64? = nil, maxIdle: Int64? = nil, maxEntries: Int? = nil, policy: GridEvictionPolicy? = nil) {
        self.timeToLive = timeToLive
        self.maxIdle = maxIdle
        self.maxEntries = maxEntries
        self.policy = policy
    }
}
