/// A pipeline that cannot be planned or started: a misused stage, a missing setting, a source that cannot be
/// opened. The message says what is wrong and what to do.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in words.
    public let message: String
    /// The stage concerned, if any.
    public let stage: String?

    /// Creates an error.
    public init(_ message: String, stage: String? = nil) {
        self.message = message
        self.stage = stage
    }

    public var description: String {
        stage.map { "stage '\($0)': \(message)" } ?? message
    }
}
