import SlipstreamGrid

// Saved in the bytes a one-to-one `StreamJoinBuffer` over the same window writes (version 1: "SSGJ", u16
// version, i64 lower bound, i64 upper bound, u8 cardinality 0, i64 watermark, i64 × 4 counters (matched,
// unmatched left, unmatched right, late), varint item count, items (key, u8 side 0 example / 1 label, i64 time,
// u8 matched 0, value), u64 checksum), so snapshots taken before and after this type restore alike.

private let joinMagic: [UInt8] = Array("SSGJ".utf8)

extension PendingExamples where ID: BinaryCodable {
    /// The waiting examples and labels, oldest first, with the counters.
    func save() throws(GridCodecError) -> [UInt8] {
        let window = JoinWindow(lowerBoundMilliseconds: -bound, upperBoundMilliseconds: bound)
        var w = BinaryWriter(reservingCapacity: 64 + (pendingLeftCount + pendingRightCount) * 32)
        w.writeBytes(joinMagic)
        w.write(UInt16(1))
        w.write(window.lowerBound)
        w.write(window.upperBound)
        w.write(UInt8(0))
        w.write(counters.watermark)
        w.write(counters.matched); w.write(counters.unmatchedLeft); w.write(counters.unmatchedRight); w.write(counters.late)
        w.writeLength(pendingLeftCount + pendingRightCount)
        do {
            try examples.forEachWaiting { item in
                try item.key.encode(to: &w); w.write(UInt8(0)); w.write(item.time); w.write(UInt8(0))
                item.value.encode(to: &w)
            }
            try labels.forEachWaiting { item in
                try item.key.encode(to: &w); w.write(UInt8(1)); w.write(item.time); w.write(UInt8(0))
                item.value.encode(to: &w)
            }
        } catch let error as GridCodecError {
            throw error
        } catch {
            throw .invalid("\(error)")
        }
        w.write(GridChecksum.compute(w.bytes))
        return w.bytes
    }

    /// Adds the items saved by ``save()`` (or by a one-to-one join buffer over the same window) and their
    /// counters. The data is validated completely before anything changes.
    func restore(from bytes: [UInt8]) throws(GridCodecError) {
        let header = 4 + 2 + 8 + 8 + 1 + 8 + 32
        guard bytes.count >= header + 1 + 8 else {
            throw .truncated(reading: "examples waiting for labels", needed: header + 9, remaining: bytes.count)
        }
        guard Array(bytes[0..<4]) == joinMagic else { throw .badMagic(expected: "examples waiting for labels") }
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
        guard lower == -bound, upper == bound, cardinality == 0 else {
            throw .invalid("the saved examples waited \(lower)...\(upper) ms (cardinality \(cardinality)), not within \(bound) ms one to one")
        }
        let savedWatermark = try r.read(Int64.self)
        let saved = (try r.read(Int64.self), try r.read(Int64.self), try r.read(Int64.self), try r.read(Int64.self))
        var lefts: [(ID, Int64, ServedExample)] = []
        var rights: [(ID, Int64, Double)] = []
        for _ in 0..<(try r.readLength(minimumBytesEach: 10)) {
            let key = try ID(from: &r)
            let side = try r.read(UInt8.self)
            let time = try r.read(Int64.self)
            let matched = try r.read(UInt8.self)
            guard matched <= 1 else { throw .invalid("a matched flag of \(matched)") }
            switch side {
            case 0: lefts.append((key, time, try ServedExample(from: &r)))
            case 1: rights.append((key, time, try Double(from: &r)))
            default: throw .invalid("join side \(side) is neither an example (0) nor a label (1)")
            }
        }
        guard r.isAtEnd else { throw .invalid("\(r.remaining) unexpected bytes after the examples waiting for labels") }
        // A buffer of the general join keeps its items by key: put them back in event-time order.
        for (key, time, example) in lefts.sorted(by: { $0.1 < $1.1 }) { examples.append(example, key: key, time: time) }
        for (key, time, label) in rights.sorted(by: { $0.1 < $1.1 }) { labels.append(label, key: key, time: time) }
        counters.watermark = max(counters.watermark, savedWatermark)
        counters.matched &+= saved.0
        counters.unmatchedLeft &+= saved.1
        counters.unmatchedRight &+= saved.2
        counters.late &+= saved.3
    }
}
