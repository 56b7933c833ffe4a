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
