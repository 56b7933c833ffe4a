/// How a source (or an ``EventTimeProcessor``) derives event time and watermarks from its items.
///
/// The watermark of a source partition trails the highest timestamp seen in it by ``allowedLateness``; the
/// source's watermark is the minimum over its partitions that are not idle. An item whose timestamp is below the
/// watermark already in force for it is *late*: it is counted (``Counter/Name/lateEvents``) and dropped or sent
/// to a side output, as ``lateEvents`` says.
public struct EventTimePolicy<Item>: Sendable {
    /// Reads an item's event time in milliseconds. `nil`: the source supplies timestamps itself (the Kafka
    /// record timestamp, for instance) through ``EventTimeTracker/observe(timestamp:partition:now:)``.
    public var timestamp: (@Sendable (Item) -> Int64)?

    /// How far behind the highest timestamp seen the watermark stays, so that items arriving up to this much out
    /// of order are still on time. Default: zero.
    public var allowedLateness: Duration {
        didSet { precondition(allowedLateness >= .zero, "allowedLateness must not be negative") }
    }

    /// How long a partition may go without items before it stops holding the watermark back; `nil` never.
    /// Default: 60 seconds.
    public var idleTimeout: Duration? {
        didSet { precondition(idleTimeout.map { $0 > .zero } ?? true, "idleTimeout must be positive") }
    }

    /// What happens to late items. Default: ``LateEventPolicy/drop``.
    public var lateEvents: LateEventPolicy

    /// Creates a policy; every parameter but `timestamp` has the default documented on its property.
    public init(
        timestamp: (@Sendable (Item) -> Int64)?, allowedLateness: Duration = .zero,
        idleTimeout: Duration? = .seconds(60), lateEvents: LateEventPolicy = .drop
    ) {
        precondition(allowedLateness >= .zero, "allowedLateness must not be negative")
        precondition(idleTimeout.map { $0 > .zero } ?? true, "idleTimeout must be positive")
        self.timestamp = timestamp
        self.allowedLateness = allowedLateness
        self.idleTimeout = idleTimeout
        self.lateEvents = lateEvents
    }

    /// A tracker applying this policy over `partitionCount` source partitions.
    public func makeTracker(partitionCount: Int = 1, now: Int64) -> EventTimeTracker {
        EventTimeTracker(
            allowedLateness: allowedLateness, idleTimeout: idleTimeout, partitionCount: partitionCount, now: now)
    }
}

/// What happens to an item that arrives behind the watermark.
public enum LateEventPolicy: Sendable, Hashable {
    /// Count it and drop it.
    case drop
    /// Count it and emit it to this output ordinal only (regular items then go to ordinal 0).
    case sideOutput(ordinal: Int)
    /// Count it and emit it like an item on time: for stages that must handle every item however late (score
    /// every payment), while windows and joins downstream still see it as late against their watermark.
    case emit
}

extension Duration {
    /// The duration in whole milliseconds (rounded toward zero).
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds &* 1000 &+ attoseconds / 1_000_000_000_000_000
    }

    /// The duration in whole nanoseconds (rounded toward zero).
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }
}
