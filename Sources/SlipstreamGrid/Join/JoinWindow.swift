/// Which pairs of a stream-to-stream join may match: `right.time - left.time` must lie in
/// `lowerBound...upperBound` (event times, milliseconds), the interval join of Flink and Jet.
public struct JoinWindow: Sendable, Equatable, CustomStringConvertible {
    public let lowerBound: Int64
    public let upperBound: Int64

    public init(lowerBoundMilliseconds lower: Int64, upperBoundMilliseconds upper: Int64) {
        precondition(lower <= upper, "a join window's lower bound must not exceed its upper bound")
        lowerBound = lower
        upperBound = upper
    }

    /// `right.time - left.time` in `lower...upper`.
    public init(from lower: Duration, to upper: Duration) {
        self.init(lowerBoundMilliseconds: lower.gridMilliseconds, upperBoundMilliseconds: upper.gridMilliseconds)
    }

    /// The right item follows the left one by at most `bound`: a label arriving after its prediction.
    public static func rightFollows(within bound: Duration) -> JoinWindow {
        JoinWindow(from: .zero, to: bound)
    }

    /// The two items are at most `bound` apart, in either order.
    public static func within(_ bound: Duration) -> JoinWindow {
        JoinWindow(from: .zero - bound, to: bound)
    }

    public var description: String { "right - left in \(lowerBound)...\(upperBound) ms" }
}
