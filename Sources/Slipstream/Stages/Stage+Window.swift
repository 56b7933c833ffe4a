import SlipstreamEngine
import SlipstreamGrid

extension Stage {
    /// Aggregates all items over event-time windows, without keys: one ``WindowResult`` (keyed by
    /// ``GlobalWindowKey``) per window, emitted when a watermark closes it.
    ///
    /// Every item goes to a single instance, so this suits moderate rates or streams already reduced; group by
    /// a key first (``KeyedStage/window(_:time:name:aggregate:)``) to spread the work. Lateness, early results
    /// and snapshots work as for keyed windows.
    public func window<Operation: AggregateOperation>(
        _ window: WindowDefinition, time: @escaping @Sendable (Item) -> Int64, name: String = "window",
        aggregate operation: Operation
    ) -> Stage<WindowResult<GlobalWindowKey, Operation.Output>>
    where Operation.Input == Item, Operation.Accumulator: BinaryCodable {
        grouped(by: { _ in GlobalWindowKey() })
            .addWindowStage(window, time: time, name: name, parallelism: 1, aggregate: operation)
    }
}
