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

/// Count, mean and sum of squared deviations: the state of Welford's algorithm.
public struct WelfordAccumulator: Sendable, Equatable, BinaryCodable {
    public var count: Int64 = 0
    public var mean: Double = 0
    public var m2: Double = 0

    @inlinable public init() {}

    public func encode(to writer: inout BinaryWriter) {
        writer.write(count)
        writer.write(mean)
        writer.write(m2)
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        count = try reader.read(Int64.self)
        mean = try reader.read(Double.self)
        m2 = try reader.read(Double.self)
    }
}
