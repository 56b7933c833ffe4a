/// The answer of `/health` or `/ready`: whether the check passed, and a line saying why, for the response body.
public struct ProbeResult: Sendable, Hashable {
    /// Whether the check passed (HTTP 200) or not (HTTP 503).
    public var passed: Bool
    /// One line for a person reading the response.
    public var detail: String

    /// Creates a result.
    public init(passed: Bool, detail: String) {
        self.passed = passed
        self.detail = detail
    }
}
