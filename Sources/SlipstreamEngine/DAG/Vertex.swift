/// A typed handle on a vertex of a ``DAG``: what ``DAG/addVertex(_:localParallelism:processor:)`` returns and what
/// ``DAG/addEdge(from:to:routing:priority:queueCapacity:)`` connects.
///
/// `Input` and `Output` are the item types of the vertex's processors, so an edge can only join an output to an
/// input of the same type, checked by the compiler.
public struct Vertex<Input, Output>: Sendable, Hashable, CustomStringConvertible {
    /// The vertex's name, unique in its DAG.
    public let name: String
    /// The vertex's position in its DAG (the order it was added in).
    public let index: Int
    /// Identifies the DAG the vertex belongs to.
    let dagID: Int

    @usableFromInline
    init(name: String, index: Int, dagID: Int) {
        self.name = name
        self.index = index
        self.dagID = dagID
    }

    public var description: String { "Vertex(\(name))" }
}

/// The type-erased definition of a vertex held by a ``DAG``.
@usableFromInline
struct VertexDefinition: Sendable {
    @usableFromInline let name: String
    @usableFromInline let localParallelism: Int?
    /// The type names of the input and output items, for descriptions.
    @usableFromInline let inputType: String
    @usableFromInline let outputType: String
    /// Builds one processor instance and the tasklet that drives it (a ``Tasklet``). Created where the processor type is
    /// concrete, so the per-batch entry points it captures are specialized for that type.
    @usableFromInline let makeTasklet: @Sendable (TaskletWiring) throws -> AnyObject

    @usableFromInline
    init(
        name: String, localParallelism: Int?, inputType: String, outputType: String,
        makeTasklet: @escaping @Sendable (TaskletWiring) throws -> AnyObject
    ) {
        self.name = name
        self.localParallelism = localParallelism
        self.inputType = inputType
        self.outputType = outputType
        self.makeTasklet = makeTasklet
    }
}
