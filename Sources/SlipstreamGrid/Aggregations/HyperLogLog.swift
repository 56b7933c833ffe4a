import Foundation

/// A HyperLogLog sketch (Flajolet et al. 2007, with linear counting for small cardinalities): estimates the
/// number of distinct items in 2^precision one-byte registers, with a standard error of about
/// 1.04 / sqrt(2^precision) (1.6 % at the default precision 12).
///
/// Like HyperLogLog++ (Heule et al. 2013), a sketch starts sparse: it keeps only the registers that are set,
/// as a sorted list of 4-byte pairs, and turns dense (2^precision bytes) when that list would be larger than a
/// quarter of the dense form. Per-key windows of a million keys that each see a few distinct items therefore
/// cost bytes per key, not kilobytes. Items are placed by their ``PartitionKey/stableHash``, so a sketch saved
/// in one process merges correctly with one built in another.
public struct HyperLogLog: Sendable, BinaryCodable, Equatable {
    /// log2 of the register count, 4...16.
    public let precision: Int
    /// Sparse: set registers as `index << 8 | rank`, sorted by index. Dense: all registers.
    @usableFromInline var sparse: [UInt32]? = []
    @usableFromInline var dense: [UInt8] = []

    public init(precision: Int = 12) {
        precondition((4...16).contains(precision), "HyperLogLog precision must be in 4...16")
        self.precision = precision
    }

    @inlinable var registerCount: Int { 1 << precision }

    /// Adds an item by its 64-bit hash.
    @inlinable
    public mutating func insert(hash: UInt64) {
        let index = Int(truncatingIfNeeded: hash >> UInt64(64 - precision))
        let rank = UInt8(min((hash << UInt64(precision)).leadingZeroBitCount, 64 - precision) + 1)
        set(index, rank)
    }

    /// Adds an item.
    @inlinable
    public mutating func insert<Item: PartitionKey>(_ item: Item) {
        insert(hash: item.stableHash)
    }

    @inlinable
    mutating func set(_ index: Int, _ rank: UInt8) {
        guard sparse != nil else {
            if dense[index] < rank { dense[index] = rank }
            return
        }
        var lo = 0, hi = sparse!.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(sparse![mid] >> 8) < index { lo = mid + 1 } else { hi = mid }
        }
        if lo < sparse!.count && Int(sparse![lo] >> 8) == index {
            if UInt8(truncatingIfNeeded: sparse![lo]) < rank { sparse![lo] = UInt32(index) << 8 | UInt32(rank) }
            return
        }
        sparse!.insert(UInt32(index) << 8 | UInt32(rank), at: lo)
        if sparse!.count * 4 > registerCount / 4 { densify() }
    }

    @usableFromInline
    mutating func densify() {
        guard let pairs = sparse else { return }
        dense = Array(repeating: 0, count: registerCount)
        for pair in pairs { dense[Int(pair >> 8)] = UInt8(truncatingIfNeeded: pair) }
        sparse = nil
    }

    /// Whether the sketch still holds only its set registers.
    public var isSparse: Bool { sparse != nil }

    /// Adds everything `other` has seen (both must have the same precision).
    public mutating func formUnion(_ other: HyperLogLog) {
        precondition(other.precision == precision, "cannot merge HyperLogLog sketches of different precision")
        if let pairs = other.sparse {
            for pair in pairs { set(Int(pair >> 8), UInt8(truncatingIfNeeded: pair)) }
        } else {
            densify()
            for i in dense.indices where other.dense[i] > dense[i] { dense[i] = other.dense[i] }
        }
    }

    /// The estimated number of distinct items.
    public var estimate: Double {
        let m = Double(registerCount)
        var sum = 0.0
        var zeros = 0
        if let pairs = sparse {
            zeros = registerCount - pairs.count
            sum = Double(zeros)
            for pair in pairs { sum += 1 / Double(UInt64(1) << UInt64(pair & 0xff)) }
        } else {
            for r in dense {
                sum += 1 / Double(UInt64(1) << UInt64(r))
                if r == 0 { zeros += 1 }
            }
        }
        let alpha: Double = switch registerCount {
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

    /// The registers in dense form (for comparison and tests).
    var registers: [UInt8] {
        var copy = self
        copy.densify()
        return copy.dense
    }

    public static func == (a: HyperLogLog, b: HyperLogLog) -> Bool {
        a.precision == b.precision && a.registers == b.registers
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(UInt8(precision))
        if let pairs = sparse {
            writer.write(UInt8(0))
            writer.writeLength(pairs.count)
            for pair in pairs { writer.write(pair) }
        } else {
            writer.write(UInt8(1))
            writer.writeBytes(dense)
        }
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        let p = Int(try reader.read(UInt8.self))
        guard (4...16).contains(p) else { throw .invalid("HyperLogLog precision \(p) is outside 4...16") }
        precision = p
        let maxRank = 64 - p + 1
        switch try reader.read(UInt8.self) {
        case 0:
            let n = try reader.readLength(minimumBytesEach: 4)
            var pairs: [UInt32] = []
            pairs.reserveCapacity(n)
            for _ in 0..<n {
                let pair = try reader.read(UInt32.self)
                guard Int(pair >> 8) < 1 << p, (1...maxRank).contains(Int(pair & 0xff)),
                      pairs.last.map({ $0 >> 8 < pair >> 8 }) ?? true else {
                    throw .invalid("a sparse HyperLogLog register is out of range or out of order")
                }
                pairs.append(pair)
            }
            sparse = pairs
        case 1:
            dense = Array(try reader.readBytes(1 << p))
            sparse = nil
            guard dense.allSatisfy({ Int($0) <= maxRank }) else { throw .invalid("HyperLogLog register out of range") }
        case let other:
            throw .invalid("HyperLogLog form \(other) is neither sparse (0) nor dense (1)")
        }
    }
}
