/// A promise that no more items with an event time below ``timestamp`` will follow on a stream.
///
/// Sources emit watermarks as their event time advances; every processor with several inputs coalesces them (the
/// minimum over all of its input queues) and forwards the result, so a watermark reaching a stage means "all input
/// of every upstream partition has passed this time". Windows close and delayed joins time out on watermarks.
///
/// Event time is measured in milliseconds (the unit of Kafka timestamps). The special value ``idle`` says that a
/// stream carries no events for now and must not hold back the coalesced watermark of its consumers.
public struct Watermark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The event time, in milliseconds, that the stream has passed.
    public let timestamp: Int64

    /// Creates a watermark at `timestamp` milliseconds of event time.
    @inlinable
    public init(_ timestamp: Int64) {
        self.timestamp = timestamp
    }

    /// The marker of an idle stream: it is left out when watermarks are coalesced until it sends a real watermark.
    public static let idle = Watermark(Int64.max)

    /// Whether this is the ``idle`` marker rather than a point in event time.
    @inlinable
    public var isIdle: Bool { timestamp == Int64.max }

    @inlinable
    public static func < (lhs: Watermark, rhs: Watermark) -> Bool { lhs.timestamp < rhs.timestamp }

    public var description: String { isIdle ? "Watermark(idle)" : "Watermark(\(timestamp))" }
}
