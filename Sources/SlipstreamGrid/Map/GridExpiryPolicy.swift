/// Which clock decides when grid entries expire.
public enum GridTimeDomain: Sendable {
    /// Expiry follows processing time read from the clock.
    case processingTime(any GridClock)
    /// Expiry follows event time, which the owning processor advances (usually to each watermark) with
    /// ``GridMapView/advanceEventTime(to:)``.
    case eventTime
}

/// When grid entries expire on their own.
///
/// Time to live counts from an entry's last write (put, merge, update in place); max idle counts from its last
/// access (any read or write). An expired entry is never returned: it is removed when an operation finds it and
/// by the incremental sweep (``GridMapView/sweep(budget:)``), and the eviction handler receives it either way.
public struct GridExpiryPolicy: Sendable {
    /// Lifetime after the last write, or `nil` for no time to live.
    public var timeToLive: Duration?
    /// Lifetime after the last access, or `nil` for no idle limit.
    public var maxIdle: Duration?
    /// The clock the two durations are measured on.
    public var timeDomain: GridTimeDomain

    /// Creates a policy; by default nothing expires and times are processing times from the system clock.
    public init(timeToLive: Duration? = nil, maxIdle: Duration? = nil,
                timeDomain: GridTimeDomain = .processingTime(SystemGridClock())) {
        self.timeToLive = timeToLive
        self.maxIdle = maxIdle
        self.timeDomain = timeDomain
    }

    /// Entries never expire.
    public static var never: GridExpiryPolicy { GridExpiryPolicy() }
}
