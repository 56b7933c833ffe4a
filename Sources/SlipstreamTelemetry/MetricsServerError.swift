/// Why the metrics server could not start.
public struct MetricsServerError: Error, CustomStringConvertible {
    /// What went wrong, in one line.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
