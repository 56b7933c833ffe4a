/// An item of one of the two streams a two-input keyed stage (a join, an enrichment) reads.
///
/// The engine gives a processor one input type, so both streams are wrapped into this enum and merged before
/// the partitioned edge: the item of either side reaches the instance that owns its key.
@usableFromInline
enum EitherSide<Left, Right> {
    case left(Left)
    case right(Right)
}

extension EitherSide: Sendable where Left: Sendable, Right: Sendable {}

extension KeyedStage {
    /// This stream and `other` merged into one stream keyed the same way, partitioned by this stage's
    /// partitioner, so the instance owning a key receives that key's items of both sides, each side in order.
    ///
    /// With `otherIsTable`, `other` takes no part in event time (``TableSideProcessor``): the watermarks are
    /// this stream's alone.
    /// Inlinable, so that the steps wrapping each side are specialized where the pipeline is declared.
    @inlinable
    func mergedByKey<Right>(
        with other: KeyedStage<Right, Key>, name: String, otherIsTable: Bool = false
    ) -> KeyedStage<EitherSide<Item, Right>, Key> {
        let leftKey = self.key
        let rightKey = other.key
        let left = upstream.addWrapStep(name: "\(name)-left") { EitherSide<Item, Right>.left($0) }
        let right =
            otherIsTable
            ? other.upstream.custom("\(name)-table") { _ in TableSideProcessor<Item, Right>() }
            : other.upstream.addWrapStep(name: "\(name)-right") { EitherSide<Item, Right>.right($0) }
        return left.merge(with: [right], name: "\(name)-inputs").grouped(
            by: { side in
                switch side {
                case .left(let item): leftKey(item)
                case .right(let item): rightKey(item)
                }
            }, partitioner: partitioner)
    }
}
