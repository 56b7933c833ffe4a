import Foundation

/// A HyperLogLog sketch (Flajolet et al. 2007, with linear counting for small cardinalities): estimates the
/// number of distinct items in 2^precision bytes, with a standard error of about 1.04 / sqrt(2^precision)
/// (1.6 % at the default precision 12, 4 KiB). Items are placed by their ``PartitionKey/stableHash``, so a
/// sketch saved in one process merges correctly with one built in another.
public struct HyperLogLog: Sendable, Equatable, BinaryCodable {
    /// log2 of the register count, 4...16.
    public let precision: Int
    @usableFromInline var registers: [UInt8]

    public init(precision: Int = 12) {
        precondition((4...16).contains(precision), "HyperLogLog precision must be in 4...16")
        self.precision = precision
        registers = Array(repeating: 0, count: 1 << precision)
    }

    /// Adds an item by its 64-bit hash.
    @inlinable
    public mutating func insert(hash: UInt64) {
        let index = Int(truncatingIfNeeded: hash >> UInt64(64 - precision))
        let rest = hash << UInt64(precision)
        let rank = UInt8(min(rest.leadingZeroBitCount, 64 - precision) + 1)
        if registers[index] < rank { registers[index] = rank }
    }

    /// Adds an item.
    @inlinable
    public mutating func insert<Item: PartitionKey>(_ item: Item) {
        insert(hash: item.stableHash)
    }

    /// Adds everything `other` has seen (both must have the same precision).
    public mutating func formUnion(_ other: HyperLogLog) {
        precondition(other.precision == precision, "cannot merge HyperLogLog sketches of different precision")
        for i in registers.indices where other.registers[i] > registers[i] { registers[i] = other.registers[i] }
    }

    /// The estimated number of distinct items.
    public var estimate: Double {
        let m = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha: Double = switch registers.count {
        case 16: 0.673
        case 32: 0.697
        case 64: 0.709
        default: 0.7213 / (1 + 1.079 / m)
        }
        let raw = alpha * m * m / sum
        if raw <= 2.5 * m && zeros > 0 {
            return m * log(m / Double(zeros))
        }
        return raw
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(UInt8(precision))
        writer.writeBytes(registers)
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        let p = Int(try reader.read(UInt8.self))
        guard (4...16).contains(p) else { throw .invalid("HyperLogLog precision \(p) is outside 4...16") }
        precision = p
        registers = Array(try reader.readBytes(1 << p))
        guard registers.allSatisfy({ Int($0) <= 64 - p + 1 }) else { throw .invalid("HyperLogLog register out of range") }
    }
}
