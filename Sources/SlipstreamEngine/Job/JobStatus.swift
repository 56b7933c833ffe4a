/// Where a job is in its life.
public enum JobStatus: Sendable, Hashable, CustomStringConvertible {
    /// Processors are running (or being initialized).
    case running
    /// Cancellation was requested; processors are stopping.
    case cancelling
    /// Every processor completed: all bounded sources ended and everything was processed.
    case completed
    /// A processor failed; the error names it.
    case failed(EngineError.Code)
    /// The job was cancelled and every processor has stopped.
    case cancelled
    /// The job stopped after a terminal snapshot (``Job/stop()``); a new job restoring that snapshot resumes it.
    case stopped

    /// Whether the job has ended (completed, failed or cancelled).
    public var isTerminal: Bool {
        switch self {
        case .running, .cancelling: false
        case .completed, .failed, .cancelled, .stopped: true
        }
    }

    public var description: String {
        switch self {
        case .running: "running"
        case .cancelling: "cancelling"
        case .completed: "completed"
        case .failed(let code): "failed (\(code))"
        case .cancelled: "cancelled"
        case .stopped: "stopped with a snapshot"
        }
    }
}
