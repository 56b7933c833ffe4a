/// What a join buffer hands out.
public enum JoinOutput<Key: PartitionKey, Left, Right> {
    /// A matching pair.
    case matched(key: Key, left: Left, leftTime: Int64, right: Right, rightTime: Int64)
    /// A left item whose time bound passed without any match.
    case unmatchedLeft(key: Key, value: Left, time: Int64)
    /// A right item whose time bound passed without any match.
    case unmatchedRight(key: Key, value: Right, time: Int64)
}

extension JoinOutput: Sendable where Left: Sendable, Right: Sendable {}
