/// A running mean: updated incrementally, which stays accurate where a large sum divided by a count would not.
public struct MeanAccumulator: Sendable, Equatable, BinaryCodable {
    public var count: Int64 = 0
    public var mean: Double = 0

    @inlinable public init() {}

    public func encode(to writer: inout BinaryWriter) {
        writer.write(count)
        writer.write(mean)
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        count = try reader.read(Int64.self)
        mean = try reader.read(Double.self)
    }
}
