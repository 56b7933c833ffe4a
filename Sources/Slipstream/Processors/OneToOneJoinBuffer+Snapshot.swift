import SlipstreamEngine
import SlipstreamGrid

// Saved in the bytes a one-to-one `StreamJoinBuffer` over the same window writes (version 1: "SSGJ", u16
// version, i64 lower bound, i64 upper bound, u8 cardinality 0, i64 watermark, i64 × 4 counters (matched,
// unmatched left, unmatched right, late), varint item count, items (key, u8 side 0 left / 1 right, i64 time,
// u8 matched 0, value), u64 checksum): snapshots of either restore into the other.

private let joinMagic: [UInt8] = Array("SSGJ".utf8)

extension OneToOneJoinBuffer where Key: BinaryCodable, Left: BinaryCodable, Right: BinaryCodable {
    /// The waiting items of the keys `filter` accepts, in arrival order, with the buffer's counters.
    func save(filter: (Key) -> Bool = { _ in true }) throws(GridCodecError) -> [UInt8] {
        var count = 0
        lefts.forEachWaiting { key, _, _ in if filter(key) { count += 1 } }
        rights.forEachWaiting { key, _, _ in if filter(key) { count += 1 } }
        var w = BinaryWriter(reservingCapacity: 64 + count * 32)
        w.writeBytes(joinMagic)
        w.write(UInt16(1))
        w.write(window.lowerBound)
        w.write(window.upperBound)
        w.write(UInt8(0))
        w.write(counters.watermark)
        w.write(counters.matched); w.write(counters.unmatchedLeft); w.write(counters.unmatchedRight); w.write(counters.late)
        w.writeLength(count)
        do {
            try lefts.forEachWaiting { key, time, value in
                guard filter(key) else { return }
                try key.encode(to: &w); w.write(UInt8(0)); w.write(time); w.write(UInt8(0))
                try value.encode(to: &w)
            }
            try rights.forEachWaiting { key, time, value in
                guard filter(key) else { return }
                try key.encode(to: &w); w.write(UInt8(1)); w.write(time); w.write(UInt8(0))
                try value.encode(to: &w)
            }
        } catch let error as GridCodecError {
            throw error
        } catch {
            throw .invalid("\(error)")
        }
        w.write(GridChecksum.compute(w.bytes))
        return w.bytes
    }

    /// Adds the items saved by ``save(filter:)`` (or by a one-to-one join buffer over the same window) and
    /// their counters. The data is validated completely before anything changes.
    func restore(from bytes: [UInt8]) throws(GridCodecError) {
        let header = 4 + 2 + 8 + 8 + 1 + 8 + 32
        guard bytes.count >= header + 1 + 8 else {
            throw .truncated(reading: "join state", needed: header + 9, remaining: bytes.count)
        }
        guard Array(bytes[0..<4]) == joinMagic else { throw .badMagic(expected: "join state") }
        var r = BinaryReader(bytes, offset: 4)
        let version = Int(try r.read(UInt16.self))
        guard version == 1 else { throw .unsupportedVersion(found: version, supported: 1...1) }
        var tail = BinaryReader(bytes, offset: bytes.count - 8)
        let stored = try tail.read(UInt64.self)
        let computed = bytes.withUnsafeBytes { GridChecksum.compute(UnsafeRawBufferPointer(rebasing: $0[0..<bytes.count - 8])) }
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        r = BinaryReader(Array(bytes[0..<bytes.count - 8]), offset: r.offset)
        let lower = try r.read(Int64.self), upper = try r.read(Int64.self)
        let cardinality = try r.read(UInt8.self)
        guard lower == window.lowerBound, upper == window.upperBound, cardinality == 0 else {
            throw .invalid("the saved join state is for \(lower)...\(upper) ms (cardinality \(cardinality)), not \(window) one to one")
        }
        let savedWatermark = try r.read(Int64.self)
        let saved = (try r.read(Int64.self), try r.read(Int64.self), try r.read(Int64.self), try r.read(Int64.self))
        var leftItems: [(Key, Int64, Left)] = []
        var rightItems: [(Key, Int64, Right)] = []
        for _ in 0..<(try r.readLength(minimumBytesEach: 10)) {
            let key = try Key(from: &r)
            let side = try r.read(UInt8.self)
            let time = try r.read(Int64.self)
            let matched = try r.read(UInt8.self)
            guard matched <= 1 else { throw .invalid("a matched flag of \(matched)") }
            switch side {
            case 0: leftItems.append((key, time, try Left(from: &r)))
            case 1: rightItems.append((key, time, try Right(from: &r)))
            default: throw .invalid("join side \(side) is neither left (0) nor right (1)")
            }
        }
        guard r.isAtEnd else { throw .invalid("\(r.remaining) unexpected bytes after the join state") }
        // A general join buffer saves its items by key: back in event-time order, most wait at the front.
        for (key, time, value) in leftItems.sorted(by: { $0.1 < $1.1 }) {
            lefts.append(value, key: key, time: time, deadline: time.addingSaturated(window.upperBound))
        }
        for (key, time, value) in rightItems.sorted(by: { $0.1 < $1.1 }) {
            rights.append(value, key: key, time: time, deadline: time.addingSaturated(-window.lowerBound))
        }
        counters.watermark = max(counters.watermark, savedWatermark)
        counters.matched &+= saved.0
        counters.unmatchedLeft &+= saved.1
        counters.unmatchedRight &+= saved.2
        counters.late &+= saved.3
    }
}
