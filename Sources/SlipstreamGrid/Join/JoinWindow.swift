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

/// How many partners an item may have.
public enum JoinCardinality: String, Sendable, Codable {
    /// Each item matches at most one item of the other side, the earliest-arrived one that fits; both leave
    /// the buffer when matched (a prediction and its label).
    case oneToOne
    /// Every fitting pair is emitted; items stay until their time bound passes (an interval join).
    case manyToMany
}

/// What a join buffer hands out.
public enum JoinOutput<Key: PartitionKey, Left, Right> {
    /// A matching pair.
    case matched(key: Key, left: Left, leftTime: Int64, right: Right, rightTime: Int64)
    /// A left item whose time bound passed without any match.
    case unmatchedLeft(key: Key, value: Left, time: Int64)
    /// A right item whose time bound passed without any match.
    case unmatchedRight(key: Key, value: Right, time: Int64)
}

extension JoinOutput: Sendable where Left: Sendable, Right: Sendable {}
