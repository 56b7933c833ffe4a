import Foundation

/// This machine's clock, read with `clock_gettime` (a few nanoseconds, no allocation).
enum WallClock {
    /// Milliseconds since 1970.
    static func milliseconds() -> Int64 {
        microseconds() / 1_000
    }

    /// Microseconds since 1970.
    static func microseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }
}
