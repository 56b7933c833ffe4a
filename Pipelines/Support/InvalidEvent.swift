/// An event that decoded but cannot be trusted (a negative amount, a time far in the future): the reason it goes
/// to the dead-letter topic instead of reaching the model.
public struct InvalidEvent: Error, Sendable, CustomStringConvertible {
    /// The field at fault.
    public let field: String
    /// What is wrong with it.
    public let problem: String

    /// Creates the error for `field`.
    public init(field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    /// `field "amount": must not be negative, got -3.0`, in the style of the JSON decoder's own errors.
    public var description: String { "field \"\(field)\": \(problem)" }
}
