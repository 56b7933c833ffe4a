/// Misuse of a ``GridMap``'s ownership rules.
public enum GridMapError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The instance index is not in `0..<instanceCount`.
    case invalidInstance(instance: Int, instanceCount: Int)
    /// Another live view owns the partition; it must be released first (e.g. after a failed processor).
    case partitionAlreadyClaimed(map: String, partition: Int, owner: Int)
    /// Live views divide the partitions among a different number of instances.
    case instanceCountMismatch(claimed: Int, requested: Int)
    /// The partition belongs to another instance.
    case partitionNotOwned(partition: Int, instance: Int)

    public var description: String {
        switch self {
        case let .invalidInstance(i, n):
            "instance \(i) is not one of 0..<\(n)"
        case let .partitionAlreadyClaimed(map, p, owner):
            "partition \(p) of grid map '\(map)' is already claimed by instance \(owner); release that view first"
        case let .instanceCountMismatch(claimed, requested):
            "views of this grid map use \(claimed) instances, cannot claim with \(requested)"
        case let .partitionNotOwned(p, i):
            "partition \(p) is not owned by instance \(i)"
        }
    }
}
