/// The error of the snapshot stores: a write that could not be made durable, a snapshot that is missing, damaged
/// or incomplete, a store that is closed.
///
/// Shaped like the other errors of Slipstream: a ``Code`` to switch on, a message that says what went wrong, where,
/// and what to do, the snapshot concerned, and the underlying error (a `KafkaError`, for instance).
public struct SnapshotStoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Backing: Hashable, Sendable {
            case writeFailed, readFailed, notFound, incomplete, damaged, unsupportedFormat, closed, invalidArgument
        }

        fileprivate let backing: Backing

        /// Writing or making a snapshot durable failed (no space, permission, a broken path, a Kafka error); the
        /// snapshot was abandoned and the previous complete snapshot stays the restore point.
        public static let writeFailed = Code(backing: .writeFailed)
        /// Reading the store failed for a reason other than damage (an I/O or Kafka error).
        public static let readFailed = Code(backing: .readFailed)
        /// No snapshot has this id.
        public static let notFound = Code(backing: .notFound)
        /// The snapshot has no valid manifest: it was never completed (a crash or a failed write).
        public static let incomplete = Code(backing: .incomplete)
        /// A file or record of the snapshot is missing, truncated or fails its checksum.
        public static let damaged = Code(backing: .damaged)
        /// The snapshot was written in a format version this build cannot read.
        public static let unsupportedFormat = Code(backing: .unsupportedFormat)
        /// The store was closed.
        public static let closed = Code(backing: .closed)
        /// An argument or configuration value is out of range.
        public static let invalidArgument = Code(backing: .invalidArgument)

        public var description: String {
            switch backing {
            case .writeFailed: "write failed"
            case .readFailed: "read failed"
            case .notFound: "not found"
            case .incomplete: "incomplete"
            case .damaged: "damaged"
            case .unsupportedFormat: "unsupported format"
            case .closed: "closed"
            case .invalidArgument: "invalid argument"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What went wrong, in words.
    public let message: String
    /// The store's id of the snapshot concerned, if any.
    public let snapshotID: Int64?
    /// The error that caused this one, if any.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, snapshotID: Int64? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.snapshotID = snapshotID
        self.underlying = underlying
    }

    /// Whether the snapshot itself is unusable (incomplete, damaged or in an unknown format), so that a restore
    /// should fall back to the previous one, as opposed to the store being unreachable.
    public var snapshotIsUnusable: Bool {
        code == .incomplete || code == .damaged || code == .unsupportedFormat || code == .notFound
    }

    public var description: String {
        let subject = snapshotID.map { "snapshot \($0): " } ?? ""
        return "\(subject)\(message)"
    }
}
