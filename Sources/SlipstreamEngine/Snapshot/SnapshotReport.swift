/// What one snapshot taken by a ``SnapshotCoordinator`` cost and how it ended.
public struct SnapshotReport: Sendable, CustomStringConvertible {
    /// Why the snapshot was taken.
    public enum Trigger: String, Sendable {
        /// The coordinator's interval elapsed.
        case periodic
        /// Someone asked for it (``SnapshotCoordinator/snapshotNow()``).
        case onDemand = "on-demand"
        /// The job is stopping gracefully (``SnapshotCoordinator/stopJob()``): the terminal snapshot.
        case terminal
    }

    /// Why it was taken.
    public let trigger: Trigger
    /// The engine's id of the snapshot (see ``Job/takeSnapshot()``), or `nil` when it could not even start.
    public let snapshotID: Int64?
    /// From the request until the snapshot was committed or abandoned.
    public let duration: Duration
    /// The longest stretch during the snapshot in which items were waiting in the job's queues but no processor
    /// took any: how long the snapshot held processing up (barrier alignment, state saving). Measured by
    /// sampling the job's metrics, so pauses shorter than the sampling period may read as zero.
    public let pause: Duration
    /// Why the snapshot failed, or `nil` when it became the restore point.
    public let failure: (any Error)?

    /// Whether the snapshot was committed and is the restore point now.
    public var succeeded: Bool { failure == nil }

    /// Creates a report.
    public init(trigger: Trigger, snapshotID: Int64?, duration: Duration, pause: Duration, failure: (any Error)?) {
        self.trigger = trigger
        self.snapshotID = snapshotID
        self.duration = duration
        self.pause = pause
        self.failure = failure
    }

    public var description: String {
        let id = snapshotID.map { "job snapshot \($0)" } ?? "snapshot"
        let timing = "took \(Self.milliseconds(duration)), longest pause \(Self.milliseconds(pause))"
        if let failure { return "\(trigger.rawValue) \(id) failed after \(Self.milliseconds(duration)): \(failure)" }
        return "\(trigger.rawValue) \(id) committed: \(timing)"
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let ms = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return ms < 10 ? "\((ms * 10).rounded() / 10) ms" : "\(Int(ms.rounded())) ms"
    }
}
