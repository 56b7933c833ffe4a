import SlipstreamEngine
import SlipstreamGrid

extension KeyedStage where Key: BinaryCodable {
    /// Aggregates each key's items over event-time windows and emits one ``WindowResult`` (key, window bounds,
    /// aggregate) per key and window when a watermark closes the window.
    ///
    /// ```swift
    /// payments.timestamps(\.time, allowedLateness: .seconds(5))
    ///     .grouped(by: \.card)
    ///     .window(.tumbling(.minutes(1)), time: \.time, aggregate: SumAggregate<Double>().mapInput(\.amount))
    /// ```
    ///
    /// The stream needs watermarks (``Stage/timestamps(_:allowedLateness:idleTimeout:)`` upstream): windows
    /// close when the watermark passes their end, and an item arriving after all of its windows closed is
    /// dropped and counted in the vertex's `lateEvents`. When the input ends every open window closes.
    /// ``WindowDefinition/withEarlyResults(every:)`` adds partial results of open windows (`isEarly`).
    /// Window state is saved in snapshots, partition by partition.
    ///
    /// - Parameters:
    ///   - window: tumbling, sliding or session windows.
    ///   - time: the item's event time in milliseconds, the same as given to `timestamps`.
    ///   - aggregate: the aggregation run in every window (count, sum, mean, min, max, variance, distinct
    ///     count, top-k, several at once with `AllOfAggregate`).
    public func window<Operation: AggregateOperation>(
        _ window: WindowDefinition, time: @escaping @Sendable (Item) -> Int64, name: String = "window",
        aggregate operation: Operation
    ) -> Stage<WindowResult<Key, Operation.Output>>
    where Operation.Input == Item, Operation.Accumulator: BinaryCodable {
        addWindowStage(window, time: time, name: name, parallelism: nil, aggregate: operation)
    }

    func addWindowStage<Operation: AggregateOperation>(
        _ window: WindowDefinition, time: @escaping @Sendable (Item) -> Int64, name: String, parallelism: Int?,
        aggregate operation: Operation
    ) -> Stage<WindowResult<Key, Operation.Output>>
    where Operation.Input == Item, Operation.Accumulator: BinaryCodable {
        let key = self.key
        let detail = "\(window) of \(Operation.self) per \(Key.self)"
        return addKeyedStage(kind: .stateful, name: name, parallelism: parallelism, detail: detail) { _ in
            { _ in WindowProcessor(window: window, operation: operation, key: key, time: time) }
        }
    }
}
