import SlipstreamEngine
import SlipstreamGrid

/// What a join does with items whose time bound passed without a partner.
public enum UnmatchedJoinItems: Sendable, Hashable {
    /// Count them (``JoinCounterNames``) and drop them.
    case count
    /// Count them and emit them as ``JoinOutput/unmatchedLeft(key:value:time:)`` and
    /// ``JoinOutput/unmatchedRight(key:value:time:)``: the predictions whose label never came.
    case emit
}

extension KeyedStage {
    /// Joins this stream with `other` by key within a time bound: the join of a served prediction with its
    /// delayed label.
    ///
    /// ```swift
    /// let labelled = predictions.grouped(by: \.id)
    ///     .join(labels.grouped(by: \.predictionID), within: .rightFollows(within: .seconds(3_600)),
    ///           time: \.time, otherTime: \.time, unmatched: .emit)
    /// ```
    ///
    /// Either side may arrive first, and each side may be out of order. A pair matches when
    /// `otherTime(right) - time(left)` lies in `window`; with ``JoinCardinality/oneToOne`` each item pairs with
    /// the earliest-arrived fitting partner and both leave. An item waits until its time bound is behind the
    /// watermark (both streams need ``Stage/timestamps(_:allowedLateness:idleTimeout:)``), then leaves as
    /// unmatched; when the input ends, every waiting item does. In a one-to-one join, an item that arrived after
    /// one with a later bound, by less than a 16th of the window's span (an hour at most), may leave that much
    /// later; a partner still has to fit its window. Matched, unmatched and late items are counted
    /// in the vertex metrics under ``JoinCounterNames``.
    ///
    /// The join state is not saved in snapshots unless the items and the key are ``BinaryCodable``: a job
    /// taking snapshots then fails with a message saying so.
    ///
    /// - Parameters:
    ///   - other: the right side, grouped by the same key type; this stage's partitioner routes both sides.
    ///   - window: which event-time differences match.
    ///   - time: event time of this stream's items, in milliseconds.
    ///   - otherTime: event time of `other`'s items, in milliseconds.
    ///   - cardinality: one partner per item, or every fitting pair.
    ///   - unmatched: whether unmatched items are emitted or only counted.
    @inlinable
    public func join<Right>(
        _ other: KeyedStage<Right, Key>, within window: JoinWindow, time: @escaping @Sendable (Item) -> Int64,
        otherTime: @escaping @Sendable (Right) -> Int64, cardinality: JoinCardinality = .oneToOne,
        unmatched: UnmatchedJoinItems = .count, name: String = "join"
    ) -> Stage<JoinOutput<Key, Item, Right>> {
        addJoinStage(
            other, within: window, time: time, otherTime: otherTime, cardinality: cardinality, unmatched: unmatched,
            name: name, snapshotting: nil)
    }

    /// Joins this stream with `other` by key within a time bound, saving the waiting items in snapshots; see
    /// ``join(_:within:time:otherTime:cardinality:unmatched:name:)``.
    @inlinable
    public func join<Right: BinaryCodable>(
        _ other: KeyedStage<Right, Key>, within window: JoinWindow, time: @escaping @Sendable (Item) -> Int64,
        otherTime: @escaping @Sendable (Right) -> Int64, cardinality: JoinCardinality = .oneToOne,
        unmatched: UnmatchedJoinItems = .count, name: String = "join"
    ) -> Stage<JoinOutput<Key, Item, Right>> where Item: BinaryCodable, Key: BinaryCodable {
        addJoinStage(
            other, within: window, time: time, otherTime: otherTime, cardinality: cardinality, unmatched: unmatched,
            name: name,
            snapshotting: .binary())
    }

    /// Inlinable down to the vertex (see ``JoinProcessor``): the join's processor is specialized in the module
    /// that declares the pipeline.
    @inlinable
    func addJoinStage<Right>(
        _ other: KeyedStage<Right, Key>, within window: JoinWindow, time: @escaping @Sendable (Item) -> Int64,
        otherTime: @escaping @Sendable (Right) -> Int64, cardinality: JoinCardinality, unmatched: UnmatchedJoinItems,
        name: String, snapshotting: JoinProcessor<Item, Right, Key>.Snapshotting?
    ) -> Stage<JoinOutput<Key, Item, Right>> {
        let leftKey = self.key
        let rightKey = other.key
        let detail = "\(Item.self) with \(Right.self) by \(Key.self), \(window), \(cardinality.rawValue)"
        return mergedByKey(with: other, name: name).addKeyedStage(
            kind: .stateful, name: name, parallelism: nil, detail: detail
        ) { _ in
            { _ in
                JoinProcessor(
                    window: window, cardinality: cardinality, emitsUnmatched: unmatched == .emit, leftKey: leftKey,
                    rightKey: rightKey, leftTime: time, rightTime: otherTime, snapshotting: snapshotting)
            }
        }
    }
}
