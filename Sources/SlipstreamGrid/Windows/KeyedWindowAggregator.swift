/// Windowed aggregation per key, closing windows on watermarks: the state machinery of a window stage.
///
/// One aggregator belongs to one processor instance (it is not `Sendable`), which feeds it the items of the
/// keys routed to it and the watermarks it receives:
///
/// ```swift
/// let counts = KeyedWindowAggregator<String, CountAggregate<Click>>(
///     window: .sliding(.minutes(10), every: .minutes(1)), operation: CountAggregate())
/// counts.accumulate(click, key: click.user, time: click.timestamp)
/// counts.advanceWatermark(to: watermark) { result in outbox.append(result) }
/// ```
///
/// Items at or behind the watermark whose windows have all closed are dropped and counted in
/// ``lateItemCount``. The stage decides when to ask for early results (``WindowDefinition/earlyResultsPeriod``).
public final class KeyedWindowAggregator<Key: PartitionKey, Operation: AggregateOperation> {
    public typealias Result = WindowResult<Key, Operation.Output>

    @usableFromInline
    enum Engine {
        case sliding(SlidingWindowState<Key, Operation>)
        case session(SessionWindowState<Key, Operation>)
    }

    /// The windows.
    public let window: WindowDefinition
    /// The aggregation run in every window.
    public let operation: Operation
    @usableFromInline let engine: Engine

    @usableFromInline var lateItems: Int64 = 0

    /// Items dropped because every window they belong to had closed.
    public var lateItemCount: Int64 { lateItems }

    public init(window: WindowDefinition, operation: Operation) {
        self.window = window
        self.operation = operation
        switch window.kind {
        case let .sliding(size, slide):
            engine = .sliding(SlidingWindowState(size: size, slide: slide, operation: operation))
        case let .session(gap):
            engine = .session(SessionWindowState(gap: gap, operation: operation))
        }
    }

    /// Adds `input` of `key` at event time `time`. Returns false (and counts it) if the item is late.
    @inlinable
    @discardableResult
    public func accumulate(_ input: Operation.Input, key: Key, time: Int64) -> Bool {
        let accepted = switch engine {
        case let .sliding(s): s.accumulate(input, key: key, time: time)
        case let .session(s): s.accumulate(input, key: key, time: time)
        }
        if !accepted { lateItems &+= 1 }
        return accepted
    }

    /// Closes the windows that end at or before `watermark` and emits their results, in order of window end.
    @inlinable
    public func advanceWatermark(to watermark: Int64, emit: (Result) -> Void) {
        switch engine {
        case let .sliding(s): s.advanceWatermark(to: watermark, emit: emit)
        case let .session(s): s.advanceWatermark(to: watermark, emit: emit)
        }
    }

    /// Emits the partial results of all open windows (``WindowResult/isEarly`` set); state is kept.
    public func emitEarlyResults(_ emit: (Result) -> Void) {
        switch engine {
        case let .sliding(s): s.emitEarlyResults(emit)
        case let .session(s): s.emitEarlyResults(emit)
        }
    }

    /// The last watermark received.
    public var watermark: Int64 {
        switch engine {
        case let .sliding(s): s.watermark
        case let .session(s): s.watermark
        }
    }

    /// Accumulators held (key-pane pairs for sliding windows, open sessions for session windows): the
    /// figure to watch for memory.
    public var accumulatorCount: Int {
        switch engine {
        case let .sliding(s): s.accumulatorCount
        case let .session(s): s.accumulatorCount
        }
    }
}
