/// The marker that splits a stream into "before" and "after" a snapshot (a Chandy-Lamport barrier).
///
/// Sources emit a barrier after saving their state for snapshot ``snapshotID``; it flows through every queue like
/// an item. A processor with several inputs *aligns* barriers: in exactly-once mode it stops reading an input that
/// delivered the barrier until the barrier has arrived on all inputs, then saves its state and forwards the barrier.
public struct SnapshotBarrier: Sendable, Hashable, CustomStringConvertible {
    /// The snapshot this barrier belongs to; snapshot ids increase during a job.
    public let snapshotID: Int64

    /// Whether this is the last snapshot before the job stops (a graceful stop), after which sources end.
    public let isTerminal: Bool

    /// Creates a barrier for snapshot `snapshotID`.
    public init(snapshotID: Int64, isTerminal: Bool = false) {
        self.snapshotID = snapshotID
        self.isTerminal = isTerminal
    }

    public var description: String { "SnapshotBarrier(\(snapshotID)\(isTerminal ? ", terminal" : ""))" }
}
