// Binary, versioned save and restore of a join buffer, for snapshots.
//
// Format (version 1): "SSGJ", u16 version, i64 lower bound, i64 upper bound, u8 cardinality (0 one-to-one,
// 1 many-to-many), i64 watermark, i64 × 4 counters (matched, unmatched left, unmatched right, late), varint
// item count, items (key, u8 side 0 left / 1 right, i64 time, u8 matched, value), u64 checksum.

private let joinMagic: [UInt8] = Array("SSGJ".utf8)

extension StreamJoinBuffer where Key: BinaryCodable, Left: BinaryCodable, Right: BinaryCodable {
    /// The waiting items of the keys accepted by `filter`, with the buffer's counters.
    public func save(filter: (Key) -> Bool = { _ in true }) throws(GridCodecError) -> [UInt8] {
        var w = BinaryWriter(reservingCapacity: 64 + (pendingLeftCount + pendingRightCount) * 32)
        w.writeBytes(joinMagic)
        w.write(UInt16(1))
        w.write(window.lowerBound)
        w.write(window.upperBound)
        w.write(UInt8(cardinality == .oneToOne ? 0 : 1))
        w.write(watermark)
        w.write(matchedCount); w.write(unmatchedLeftCount); w.write(unmatchedRightCount); w.write(lateCount)
        var items = 0
        table.forEach { key, slot in if filter(key) { items += slot.lefts.count + slot.rights.count } }
        w.writeLength(items)
        for i in 0..<table.count {
            let key = table.entries[i].key, slot = table.entries[i].value
            guard filter(key) else { continue }
            for item in slot.lefts.all {
                try key.encode(to: &w); w.write(UInt8(0)); w.write(item.time); w.write(item.matched ? 1 as UInt8 : 0)
                try item.value.encode(to: &w)
            }
            for item in slot.rights.all {
                try key.encode(to: &w); w.write(UInt8(1)); w.write(item.time); w.write(item.matched ? 1 as UInt8 : 0)
                try item.value.encode(to: &w)
            }
        }
        w.write(GridChecksum.compute(w.bytes))
        return w.bytes
    }

    /// Adds the items saved by ``save(filter:)`` to this buffer (the counters are added too). The data is
    /// validated completely before anything changes.
    public func restore(from bytes: [UInt8]) throws(GridCodecError) {
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
        let savedCardinality: JoinCardinality = try r.read(UInt8.self) == 0 ? .oneToOne : .manyToMany
        guard lower == window.lowerBound, upper == window.upperBound, savedCardinality == cardinality else {
            throw .invalid("the saved join state is for \(lower)...\(upper) ms \(savedCardinality), not \(window) \(cardinality)")
        }
        let savedWatermark = try r.read(Int64.self)
        let counters = (try r.read(Int64.self), try r.read(Int64.self), try r.read(Int64.self), try r.read(Int64.self))
        var lefts: [(Key, PendingJoinItem<Left>)] = []
        var rights: [(Key, PendingJoinItem<Right>)] = []
        for _ in 0..<(try r.readLength(minimumBytesEach: 10)) {
            let key = try Key(from: &r)
            let side = try r.read(UInt8.self)
            let time = try r.read(Int64.self)
            let matchedByte = try r.read(UInt8.self)
            guard matchedByte <= 1 else { throw .invalid("a matched flag of \(matchedByte)") }
            switch side {
            case 0: lefts.append((key, PendingJoinItem(time: time, value: try Left(from: &r), matched: matchedByte == 1)))
            case 1: rights.append((key, PendingJoinItem(time: time, value: try Right(from: &r), matched: matchedByte == 1)))
            default: throw .invalid("join side \(side) is neither left (0) nor right (1)")
            }
        }
        guard r.isAtEnd else { throw .invalid("\(r.remaining) unexpected bytes after the join state") }
        for (key, item) in lefts {
            let hash = key.stableHash
            var index = table.find(key, hash: hash)
            if index < 0 { index = table.appendNew(key, JoinSlot(), hash: hash) }
            table.entries[index].value.lefts.append(item)
            expiries.push(item.time.saturatingAdd(upper), key)
        }
        for (key, item) in rights {
            let hash = key.stableHash
            var index = table.find(key, hash: hash)
            if index < 0 { index = table.appendNew(key, JoinSlot(), hash: hash) }
            table.entries[index].value.rights.append(item)
            expiries.push(item.time.saturatingAdd(-lower), key)
        }
        self.counters.pendingLeft += lefts.count
        self.counters.pendingRight += rights.count
        self.counters.watermark = max(watermark, savedWatermark)
        self.counters.matched &+= counters.0
        self.counters.unmatchedLeft &+= counters.1
        self.counters.unmatchedRight &+= counters.2
        self.counters.late &+= counters.3
    }
}
