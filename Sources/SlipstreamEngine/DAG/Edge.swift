/// An edge of a ``DAG`` as added: which output ordinal of which vertex feeds which input ordinal of which other,
/// with what routing and priority.
public struct Edge: Sendable, Hashable, CustomStringConvertible {
    /// The producing vertex's name.
    public let source: String
    /// The output ordinal of the producing vertex (the order of its outgoing edges, from 0).
    public let sourceOrdinal: Int
    /// The consuming vertex's name.
    public let destination: String
    /// The input ordinal of the consuming vertex (the order of its incoming edges, from 0).
    public let destinationOrdinal: Int
    /// How items are spread over the consumer instances.
    public let routing: RoutingStyle
    /// The partition count of a partitioned edge.
    public let partitionCount: Int?
    /// Inputs with a lower priority value are read to their end before those with a higher one (default 0).
    public let priority: Int
    /// The capacity of each queue of the edge, or `nil` for the job's default.
    public let queueCapacity: Int?

    public var description: String {
        "\(source)[\(sourceOrdinal)] -> \(destination)[\(destinationOrdinal)] \(routing.rawValue)"
            + (priority != 0 ? " priority \(priority)" : "")
    }
}

/// The typed side of an edge, erased: it builds the queues and the producer-side collectors for the item type.
struct EdgeDefinition: Sendable {
    let edge: Edge
    let sourceIndex: Int
    let destinationIndex: Int
    let partitioner: Partitioner?
    /// The name of the item type, for validation and descriptions.
    let itemType: String
    /// Builds the queues between `producers` and `consumers` instances (an `EdgeQueues<Item>`).
    let makeQueues: @Sendable (_ producers: Int, _ consumers: Int, _ capacity: Int) -> AnyEdgeQueues
    /// Builds the collector of producer instance `producer` over queues made by ``makeQueues``.
    let makeCollector: @Sendable (_ queues: AnyEdgeQueues, _ producer: Int) -> AnyObject
}
