/// The reason codes of one score, largest first: the first three are held inline, so a score with the usual
/// few reasons carries them without a heap allocation.
///
/// Why inline: a scoring stage makes one of these per event and its sink, on another thread, destroys it. An
/// array per score was an allocation on one thread and a free on the other for every event, and glibc's malloc
/// serialises such frees on the allocating thread's arena lock, which cost more than computing the reasons.
public struct ScoreReasons: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral,
    CustomStringConvertible
{
    /// How many reasons are held without an allocation.
    public static let inlineCapacity = 3

    @usableFromInline var first: ScoreReason?
    @usableFromInline var second: ScoreReason?
    @usableFromInline var third: ScoreReason?
    /// The fourth reason on, for stages asking for more than ``inlineCapacity``.
    @usableFromInline var overflow: [ScoreReason] = []
    @usableFromInline var inlineCount: UInt8 = 0

    /// No reasons.
    @inlinable
    public init() {}

    /// The reasons of `reasons`, in order.
    @inlinable
    public init(_ reasons: some Sequence<ScoreReason>) {
        for reason in reasons { append(reason) }
    }

    @inlinable
    public init(arrayLiteral reasons: ScoreReason...) {
        self.init(reasons)
    }

    /// Adds a reason after the others.
    @inlinable
    public mutating func append(_ reason: ScoreReason) {
        switch inlineCount {
        case 0: first = reason
        case 1: second = reason
        case 2: third = reason
        default:
            overflow.append(reason)
            return
        }
        inlineCount &+= 1
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { Int(inlineCount) &+ overflow.count }

    @inlinable
    public subscript(position: Int) -> ScoreReason {
        precondition(position >= 0 && position < endIndex, "reason index out of range")
        switch position {
        case 0: return first!
        case 1: return second!
        case 2: return third!
        default: return overflow[position &- Self.inlineCapacity]
        }
    }

    public static func == (lhs: ScoreReasons, rhs: ScoreReasons) -> Bool {
        lhs.elementsEqual(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for reason in self { hasher.combine(reason) }
    }

    public var description: String { Array(self).description }
}
