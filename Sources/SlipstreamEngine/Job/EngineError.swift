/// The error of the engine: an invalid DAG, a failed processor, a cancelled job.
///
/// Shaped like the other errors of Slipstream: a ``Code`` to switch on, a message saying what went wrong and what
/// to do, the vertex and instance concerned where there is one, and the underlying error a processor threw.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Backing: Hashable, Sendable {
            case invalidDAG, processorFailed, cancelled, snapshotFailed, snapshotRestoreFailed, invalidConfiguration
        }

        fileprivate let backing: Backing

        /// The DAG cannot run: a cycle, a duplicate name, an edge to an unknown vertex, a bad parallelism.
        public static let invalidDAG = Code(backing: .invalidDAG)
        /// A processor threw; ``EngineError/underlying`` holds its error and ``EngineError/vertex`` names it.
        public static let processorFailed = Code(backing: .processorFailed)
        /// The job was cancelled before it completed.
        public static let cancelled = Code(backing: .cancelled)
        /// A snapshot could not be taken or committed; the previous one stays the restore point.
        public static let snapshotFailed = Code(backing: .snapshotFailed)
        /// Snapshot state could not be restored into a processor.
        public static let snapshotRestoreFailed = Code(backing: .snapshotRestoreFailed)
        /// A configuration value is out of range.
        public static let invalidConfiguration = Code(backing: .invalidConfiguration)

        public var description: String {
            switch backing {
            case .invalidDAG: "invalid DAG"
            case .processorFailed: "processor failed"
            case .cancelled: "cancelled"
            case .snapshotFailed: "snapshot failed"
            case .snapshotRestoreFailed: "snapshot restore failed"
            case .invalidConfiguration: "invalid configuration"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What went wrong, in words.
    public let message: String
    /// The vertex that failed, if any.
    public let vertex: String?
    /// The instance of ``vertex`` that failed, if any.
    public let instance: Int?
    /// The error thrown by the processor, if any.
    public let underlying: (any Error)?
    /// Where the error was raised in the engine.
    public let file: String
    /// Where the error was raised in the engine.
    public let line: Int

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, vertex: String? = nil, instance: Int? = nil, underlying: (any Error)? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.vertex = vertex
        self.instance = instance
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let vertex {
            text += " [vertex '\(vertex)'" + (instance.map { " instance \($0)" } ?? "") + "]"
        }
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
