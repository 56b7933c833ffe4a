import SlipstreamEngine
import SlipstreamGrid

extension KeyedStage {
    /// Enriches each item with the value its key has in a table filled by the stream `table`: a
    /// stream-to-table join, such as payments looked up in customer profiles read from a compacted topic.
    ///
    /// ```swift
    /// let profiles = p.read(.kafka(topic: "profiles", as: Profile.self)).grouped(by: \.customer)
    /// payments.grouped(by: \.customer)
    ///     .enrich(from: profiles, value: { $0 }) { payment, profile in EnrichedPayment(payment, profile) }
    /// ```
    ///
    /// Both streams are routed by this stage's partitioner to the same instances, which keep the table in their
    /// own partitions of a ``GridMap``: a table item replaces its key's value, or removes it when `value`
    /// returns `nil` (a tombstone). Each stream is read in order, but the two are not ordered against each other:
    /// an item sees the table as it stands when the item arrives, and an item whose key has no entry yet gets
    /// `nil` (counted as ``EnrichCounterNames/misses``). Event time after the stage is the items' alone: the
    /// table stream's watermarks (it usually has none) are ignored. The table is not saved in snapshots: after
    /// a restart it is rebuilt from its stream (read a compacted topic from the beginning).
    ///
    /// - Parameters:
    ///   - table: the stream that fills the table, grouped by the same key type.
    ///   - ttl: how long an entry lives after it was last written, by processing time; `nil` forever.
    ///   - value: the table value of a table item; `nil` removes the key.
    ///   - combine: the output for an item and its key's table value (`nil` for none); `nil` emits nothing.
    @inlinable
    public func enrich<Row, Value, Output>(
        from table: KeyedStage<Row, Key>, name: String = "enrich", ttl: Duration? = nil,
        value: @escaping @Sendable (Row) -> Value?, _ combine: @escaping @Sendable (Item, Value?) throws -> Output?
    ) -> Stage<Output> {
        let itemKey = self.key
        let rowKey = table.key
        let partitioner = self.partitioner
        let detail = "\(Item.self) with a table of \(Value.self) per \(Key.self)" + (ttl.map { ", ttl \($0)" } ?? "")
        return mergedByKey(with: table, name: name, otherIsTable: true).addKeyedStage(
            kind: .stateful, name: name, parallelism: nil, detail: detail
        ) { request in
            // One table per run, shared by the vertex's instances: each claims the partitions it owns.
            let map = GridMap<Key, Value>(
                name: "\(request.pipelineName).\(request.name)",
                configuration: GridMapConfiguration(
                    partitionCount: partitioner.partitionCount, expiry: GridExpiryPolicy(timeToLive: ttl)))
            return { _ in
                EnrichProcessor<Item, Row, Key, Value, Output>(
                    map: map, itemKey: itemKey, rowKey: rowKey, value: value, combine: combine)
            }
        }
    }
}
