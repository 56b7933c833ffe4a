import Logging

/// How a job runs: its name, default parallelism, queue sizes, processing guarantee and snapshot plumbing.
public struct JobConfig: Sendable {
    /// The job's name, in logs, metrics and errors. Default: `"job"`.
    public var name: String

    /// The parallelism of vertices that do not set one. Default: `nil`, one instance per cooperative worker
    /// thread of the execution service.
    public var defaultParallelism: Int? {
        didSet { precondition((defaultParallelism ?? 1) >= 1, "defaultParallelism must be at least 1") }
    }

    /// The capacity, in items, of each queue of an edge that does not set its own. Default: 1024.
    ///
    /// With *m* producer and *n* consumer instances an edge has up to *m × n* queues, so the items in flight on
    /// an edge are bounded by *m × n × queueCapacity*, whatever the speed of the consumer.
    public var queueCapacity: Int {
        didSet { precondition(queueCapacity >= 1, "queueCapacity must be at least 1") }
    }

    /// The most items one processor instance may offer per call, so that a busy producer yields its worker
    /// thread to the other tasklets regularly. Default: 1024.
    public var outboxBatchLimit: Int {
        didSet { precondition(outboxBatchLimit >= 1, "outboxBatchLimit must be at least 1") }
    }

    /// Whether processors with several inputs align snapshot barriers. Default: ``ProcessingGuarantee/none``.
    public var processingGuarantee: ProcessingGuarantee

    /// Receives the state processors save for snapshots. Default: `nil` (snapshots save nothing anywhere).
    public var snapshotSink: (any SnapshotSink)?

    /// State to restore before processing starts, by vertex name (entries of a previously completed
    /// snapshot). Default: empty (start fresh).
    public var restoredState: [String: [SnapshotEntry]]

    /// The logger processors get (labelled with job and vertex). Default: `slipstream.engine`.
    public var logger: Logger

    /// The clock processors use for idle timeouts and periodic work. Default: the monotonic clock.
    public var clock: EngineClock

    /// Creates a configuration; every parameter has the default documented on its property.
    public init(
        name: String = "job", defaultParallelism: Int? = nil, queueCapacity: Int = 1024, outboxBatchLimit: Int = 1024,
        processingGuarantee: ProcessingGuarantee = .none, snapshotSink: (any SnapshotSink)? = nil,
        restoredState: [String: [SnapshotEntry]] = [:], logger: Logger = Logger(label: "slipstream.engine"),
        clock: EngineClock = .monotonic
    ) {
        precondition((defaultParallelism ?? 1) >= 1, "defaultParallelism must be at least 1")
        precondition(queueCapacity >= 1, "queueCapacity must be at least 1")
        precondition(outboxBatchLimit >= 1, "outboxBatchLimit must be at least 1")
        self.name = name
        self.defaultParallelism = defaultParallelism
        self.queueCapacity = queueCapacity
        self.outboxBatchLimit = outboxBatchLimit
        self.processingGuarantee = processingGuarantee
        self.snapshotSink = snapshotSink
        self.restoredState = restoredState
        self.logger = logger
        self.clock = clock
    }
}

/// What a job promises about each item when it restarts from a snapshot.
public enum ProcessingGuarantee: String, Sendable, Hashable {
    /// No snapshots are aligned; after a restart items may be lost or processed twice.
    case none
    /// Barriers are not aligned (no input is held back); after a restart items may be processed twice.
    case atLeastOnce
    /// Barriers are aligned: an input that delivered the barrier is held back until all inputs did; with a
    /// transactional sink every item affects the output exactly once.
    ///
    /// Inputs read by priority (see ``DAG/addEdge(from:to:routing:priority:queueCapacity:)``) are an exception,
    /// as in Jet: while a later input has not started, holding back the earlier one would deadlock, so the
    /// snapshot instead waits for the later inputs' barriers and the earlier inputs are treated at-least-once
    /// (they are typically bounded and replayed whole, like the build side of a hash join).
    case exactlyOnce
}
