/// Why a query could not be answered.
public enum GridQueryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No running processor instance owns the key's partition (the job is not running or is restarting).
    case noOwner(partition: Int)
    /// The owner released its partitions before answering.
    case ownerStopped
    /// The owner did not answer in time (it is stalled, or does not call `serveQueries`).
    case timedOut

    public var description: String {
        switch self {
        case let .noOwner(p): "no running processor owns partition \(p); is the job running?"
        case .ownerStopped: "the processor owning the key stopped before answering"
        case .timedOut: "the processor owning the key did not answer in time"
        }
    }
}
