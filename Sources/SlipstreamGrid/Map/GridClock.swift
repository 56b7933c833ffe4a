import Foundation

/// The source of processing time for processing-time expiry, injectable so tests control time.
///
/// Implementations must be cheap: a map with processing-time expiry reads the clock once per operation.
public protocol GridClock: Sendable {
    /// The current time in milliseconds since the Unix epoch.
    func nowMilliseconds() -> Int64
}

/// Wall-clock time. Processing-time deadlines are saved in snapshots as absolute times, so a wall clock
/// (not a monotonic one) keeps them meaningful in the process that restores them.
///
/// On Linux it reads the coarse real-time clock: a few milliseconds of resolution, which is plenty for time to
/// live and idle limits, at a fraction of the cost of the precise clock (it is read once per operation).
public struct SystemGridClock: GridClock {
    public init() {}

    @inlinable
    public func nowMilliseconds() -> Int64 {
        var ts = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_REALTIME_COARSE, &ts)
        #else
        clock_gettime(CLOCK_REALTIME, &ts)
        #endif
        return Int64(ts.tv_sec) &* 1000 &+ Int64(ts.tv_nsec) / 1_000_000
    }
}

/// A clock that only moves when told to: for tests of expiry and for replaying recorded streams.
public final class ManualGridClock: GridClock, @unchecked Sendable {
    // @unchecked: `now` is only read and written under `lock`.
    private let lock = NSLock()
    private var now: Int64

    /// Creates a clock showing `start` milliseconds.
    public init(start: Int64 = 0) {
        now = start
    }

    public func nowMilliseconds() -> Int64 {
        lock.withLock { now }
    }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        lock.withLock { now = now.saturatingAdd(duration.gridMilliseconds) }
    }

    /// Sets the clock to `milliseconds`.
    public func set(_ milliseconds: Int64) {
        lock.withLock { now = milliseconds }
    }
}
