/// The single key of a non-keyed (global) window stage.
public struct GlobalWindowKey: PartitionKey, BinaryCodable, CustomStringConvertible {
    public init() {}
    public var stableHash: UInt64 { 0 }
    public func encode(to writer: inout BinaryWriter) {}
    public init(from reader: inout BinaryReader) throws(GridCodecError) {}
    public var description: String { "global" }
}
