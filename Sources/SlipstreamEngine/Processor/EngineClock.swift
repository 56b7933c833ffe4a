#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Atomics

/// A monotonic clock in nanoseconds, used for idle timeouts and time-driven work; a manual one in tests.
public struct EngineClock: Sendable {
    private let read: @Sendable () -> Int64

    /// Creates a clock from a function returning nanoseconds.
    public init(_ read: @escaping @Sendable () -> Int64) {
        self.read = read
    }

    /// The current time in nanoseconds (arbitrary origin, never decreasing).
    public func nanoseconds() -> Int64 { read() }

    /// The current time in milliseconds (arbitrary origin, never decreasing).
    public func milliseconds() -> Int64 { read() / 1_000_000 }

    /// The system's monotonic clock.
    public static let monotonic = EngineClock { monotonicNanoseconds() }
}

/// Reads CLOCK_MONOTONIC.
@usableFromInline
func monotonicNanoseconds() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Int64(spec.tv_sec) &* 1_000_000_000 &+ Int64(spec.tv_nsec)
}

/// A clock that moves only when told to, for deterministic tests of time-driven processors.
public final class ManualClock: Sendable {
    private let now: ManagedAtomic<Int64>

    /// Creates a clock reading `start` nanoseconds.
    public init(start: Int64 = 0) {
        self.now = ManagedAtomic(start)
    }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        now.wrappingIncrement(by: seconds * 1_000_000_000 + attoseconds / 1_000_000_000, ordering: .relaxed)
    }

    /// The clock as an ``EngineClock``.
    public var clock: EngineClock {
        EngineClock { [now] in now.load(ordering: .relaxed) }
    }
}
