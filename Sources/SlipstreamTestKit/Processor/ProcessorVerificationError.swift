/// Why a processor failed verification by ``ProcessorVerifier``: what was expected, what happened, and in which
/// mode (snapshots, inbox size) it happened.
public struct ProcessorVerificationError: Error, CustomStringConvertible {
    /// What went wrong, with the mode of the run.
    public let message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
