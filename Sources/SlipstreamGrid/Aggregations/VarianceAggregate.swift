/// The variance of numbers, by Welford's online algorithm; partial results merge with Chan et al.'s formula.
///
/// Population variance divides by n, sample variance by n - 1; like River's `stats.Var`, the result is 0 until
/// there are enough items.
public struct VarianceAggregate: AggregateOperation {
    /// Whether the result estimates the variance of a larger population (n - 1) or describes the items (n).
    public enum Kind: Sendable { case population, sample }

    public let kind: Kind

    public init(_ kind: Kind = .sample) {
        self.kind = kind
    }

    @inlinable public func makeAccumulator() -> WelfordAccumulator { WelfordAccumulator() }

    @inlinable public func accumulate(_ input: Double, into a: inout WelfordAccumulator) {
        a.count &+= 1
        let delta = input - a.mean
        a.mean += delta / Double(a.count)
        a.m2 += delta * (input - a.mean)
    }

    @inlinable public func combine(_ other: WelfordAccumulator, into a: inout WelfordAccumulator) {
        guard other.count > 0 else { return }
        guard a.count > 0 else { a = other; return }
        let n = a.count &+ other.count
        let delta = other.mean - a.mean
        a.m2 += other.m2 + delta * delta * (Double(a.count) * Double(other.count) / Double(n))
        a.mean += delta * (Double(other.count) / Double(n))
        a.count = n
    }

    @inlinable public func result(of a: WelfordAccumulator) -> Double {
        let divisor = kind == .sample ? a.count - 1 : a.count
        return divisor > 0 ? max(0, a.m2 / Double(divisor)) : 0
    }
}
