// The saved state of a join buffer, for snapshots: one binary, versioned format that every join buffer writes
// and reads, so a snapshot of one kind of buffer restores into another over the same window and cardinality.
//
// Format (version 1): "SSGJ", u16 version, i64 lower bound, i64 upper bound, u8 cardinality (0 one-to-one,
// 1 many-to-many), i64 watermark, i64 × 4 counters (matched, unmatched left, unmatched right, late), varint
// item count, items (key, u8 side 0 left / 1 right, i64 time, u8 matched, value), u64 checksum.

private let joinMagic: [UInt8] = Array("SSGJ".utf8)

/// A join buffer's figures: its event time and its counts of pairs, items left unmatched and late items. A
/// buffer keeps them as it runs, and a saved state carries them.
public struct JoinFigures: Sendable, Equatable {
    public var watermark: Int64
    public var matched: Int64
    public var unmatchedLeft: Int64
    public var unmatchedRight: Int64
    public var late: Int64

    /// Before any item or watermark.
    @inlinable
    public init() {
        self.init(watermark: .min, matched: 0, unmatchedLeft: 0, unmatchedRight: 0, late: 0)
    }

    @inlinable
    public init(watermark: Int64, matched: Int64, unmatchedLeft: Int64, unmatchedRight: Int64, late: Int64) {
        self.watermark = watermark
        self.matched = matched
        self.unmatchedLeft = unmatchedLeft
        self.unmatchedRight = unmatchedRight
        self.late = late
    }
}

/// Writes a join buffer's saved state: the header, then each waiting item, then ``finish()``.
public struct JoinStateWriter<Key: BinaryCodable, Left: BinaryCodable, Right: BinaryCodable> {
    private var writer: BinaryWriter

    /// Starts a state of `itemCount` items (exactly as many must be appended).
    public init(window: JoinWindow, cardinality: JoinCardinality, figures: JoinFigures, itemCount: Int) {
        writer = BinaryWriter(reservingCapacity: 64 + itemCount * 32)
        writer.writeBytes(joinMagic)
        writer.write(UInt16(1))
        writer.write(window.lowerBound)
        writer.write(window.upperBound)
        writer.write(UInt8(cardinality == .oneToOne ? 0 : 1))
        writer.write(figures.watermark)
        writer.write(figures.matched)
        writer.write(figures.unmatchedLeft)
        writer.write(figures.unmatchedRight)
        writer.write(figures.late)
        writer.writeLength(itemCount)
    }

    /// Appends a waiting left item.
    public mutating func appendLeft(_ key: Key, time: Int64, matched: Bool, _ value: Left) throws(GridCodecError) {
        try appendItem(key, side: 0, time: time, matched: matched)
        try value.encode(to: &writer)
    }

    /// Appends a waiting right item.
    public mutating func appendRight(_ key: Key, time: Int64, matched: Bool, _ value: Right) throws(GridCodecError) {
        try appendItem(key, side: 1, time: time, matched: matched)
        try value.encode(to: &writer)
    }

    private mutating func appendItem(_ key: Key, side: UInt8, time: Int64, matched: Bool) throws(GridCodecError) {
        try key.encode(to: &writer)
        writer.write(side)
        writer.write(time)
        writer.write(matched ? 1 as UInt8 : 0)
    }

    /// The finished bytes, checksum included.
    public mutating func finish() -> [UInt8] {
        writer.write(GridChecksum.compute(writer.bytes))
        return writer.bytes
    }
}

/// A join buffer's saved state, read and validated completely (magic, version, checksum, window and cardinality,
/// every item) before a buffer takes any of it.
public struct JoinState<Key: BinaryCodable, Left: BinaryCodable, Right: BinaryCodable> {
    public var figures: JoinFigures
    /// The waiting items of each side, in the order they were saved.
    public var lefts: [(key: Key, time: Int64, matched: Bool, value: Left)] = []
    public var rights: [(key: Key, time: Int64, matched: Bool, value: Right)] = []

    /// Reads `bytes`, which must be the state of a buffer over `window` with `cardinality`.
    public init(decoding bytes: [UInt8], window: JoinWindow, cardinality: JoinCardinality) throws(GridCodecError) {
        var r = try GridEnvelope.open(
            bytes, magic: joinMagic, versions: 1...1, reading: "join state",
            minimumCount: 4 + 2 + 8 + 8 + 1 + 8 + 32 + 1 + 8, expected: "join state"
        ).content
        let lower = try r.read(Int64.self), upper = try r.read(Int64.self)
        let savedCardinality: JoinCardinality = try r.read(UInt8.self) == 0 ? .oneToOne : .manyToMany
        guard lower == window.lowerBound, upper == window.upperBound, savedCardinality == cardinality else {
            throw .invalid("the saved join state is for \(lower)...\(upper) ms \(savedCardinality), not \(window) \(cardinality)")
        }
        figures = JoinFigures(
            watermark: try r.read(Int64.self), matched: try r.read(Int64.self), unmatchedLeft: try r.read(Int64.self),
            unmatchedRight: try r.read(Int64.self), late: try r.read(Int64.self))
        for _ in 0..<(try r.readLength(minimumBytesEach: 10)) {
            let key = try Key(from: &r)
            let side = try r.read(UInt8.self)
            let time = try r.read(Int64.self)
            let matchedByte = try r.read(UInt8.self)
            guard matchedByte <= 1 else { throw .invalid("a matched flag of \(matchedByte)") }
            switch side {
            case 0: lefts.append((key, time, matchedByte == 1, try Left(from: &r)))
            case 1: rights.append((key, time, matchedByte == 1, try Right(from: &r)))
            default: throw .invalid("join side \(side) is neither left (0) nor right (1)")
            }
        }
        guard r.isAtEnd else { throw .invalid("\(r.remaining) unexpected bytes after the join state") }
    }
}
