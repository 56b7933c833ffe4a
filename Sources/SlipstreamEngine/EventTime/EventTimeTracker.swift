/// The event-time bookkeeping of one source instance over its partitions (Jet's `EventTimeMapper`): it decides
/// which items are late and which watermark to emit.
///
/// A source calls ``observe(timestamp:partition:now:)`` for each item (dropping or diverting it if it returns
/// `false`), then ``watermark(now:)`` after each batch and when idle, emitting what it returns. `now` is a
/// monotonic time in nanoseconds (``ProcessorContext/clock``), read once per batch.
///
/// - A partition's watermark is its highest timestamp minus the allowed lateness; the tracker's watermark is the
///   minimum over partitions that are not idle. A partition that has not produced anything yet holds the
///   watermark back until it times out as idle.
/// - A partition with no item for the idle timeout is left out; when all are idle, ``Watermark/idle`` is emitted
///   once, so downstream stages are not held back by a silent source.
/// - An item is late if its timestamp is below its partition's watermark or below the watermark already
///   emitted. Watermarks never go backwards.
public struct EventTimeTracker: Sendable {
    private struct PartitionState: Sendable {
        var highest = Int64.min
        var lastActivity: Int64
    }

    /// The allowed lateness in milliseconds.
    public let allowedLatenessMillis: Int64
    /// The idle timeout in nanoseconds, if any.
    public let idleTimeoutNanos: Int64?
    private var partitions: [PartitionState]
    private var emitter = WatermarkEmitter()
    @usableFromInline var lastEmitted: Int64 { emitter.lastEmitted }

    /// Creates a tracker for `partitionCount` partitions, none seen yet, at time `now` (nanoseconds).
    public init(allowedLateness: Duration, idleTimeout: Duration?, partitionCount: Int, now: Int64) {
        precondition(partitionCount >= 0, "partitionCount must not be negative")
        allowedLatenessMillis = allowedLateness.wholeMilliseconds
        idleTimeoutNanos = idleTimeout?.wholeNanoseconds
        partitions = Array(repeating: PartitionState(lastActivity: now), count: partitionCount)
    }

    /// The number of partitions tracked.
    public var partitionCount: Int { partitions.count }

    /// The last watermark emitted, if any.
    public var emittedWatermark: Watermark? { lastEmitted == Int64.min ? nil : Watermark(lastEmitted) }

    /// Changes the number of partitions (after a reassignment); new partitions start unseen at `now`.
    public mutating func setPartitionCount(_ count: Int, now: Int64) {
        precondition(count >= 0, "partitionCount must not be negative")
        if count < partitions.count {
            partitions.removeLast(partitions.count - count)
        } else {
            partitions += Array(repeating: PartitionState(lastActivity: now), count: count - partitions.count)
        }
    }

    /// Records an item of `partition` with event time `timestamp` (milliseconds). Returns `true` if it is on
    /// time, `false` if it is late (and then changes nothing but the partition's activity).
    @inlinable
    public mutating func observe(timestamp: Int64, partition: Int, now: Int64) -> Bool {
        observeItem(timestamp: timestamp, partition: partition, now: now)
    }

    @usableFromInline
    mutating func observeItem(timestamp: Int64, partition: Int, now: Int64) -> Bool {
        partitions[partition].lastActivity = now
        let highest = partitions[partition].highest
        if timestamp < lastEmitted { return false }
        if highest != Int64.min && timestamp < highest &- allowedLatenessMillis { return false }
        if timestamp > highest { partitions[partition].highest = timestamp }
        return true
    }

    /// The watermark to emit now, if it changed since the last one returned.
    public mutating func watermark(now: Int64) -> Watermark? {
        var minimum: Int64?
        for partition in partitions {
            if let timeout = idleTimeoutNanos, now &- partition.lastActivity >= timeout { continue }
            let watermark = partition.highest == Int64.min ? Int64.min : partition.highest &- allowedLatenessMillis
            minimum = min(minimum ?? Int64.max, watermark)
        }
        return emitter.next(minimumOfActive: minimum)
    }

    /// The highest timestamp seen per partition (`Int64.min` for none), to save in a snapshot.
    public var highestTimestamps: [Int64] { partitions.map(\.highest) }

    /// Restores the highest timestamps saved by ``highestTimestamps`` and the last emitted watermark.
    public mutating func restore(highestTimestamps: [Int64], emittedWatermark: Watermark?, now: Int64) {
        partitions = highestTimestamps.map { PartitionState(highest: $0, lastActivity: now) }
        emitter.restore(lastEmitted: emittedWatermark?.timestamp ?? Int64.min)
    }
}
