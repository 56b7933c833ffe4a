// Binary, versioned save and restore of window state, for snapshots.
//
// Format (version 1): "SSGW", u16 version, u8 kind (0 sliding, 1 session), i64 size-or-gap, i64 slide,
// i64 watermark, i64 next window end, i64 late items, then entries — sliding: varint panes, each i64 start,
// varint count, (key, accumulator)…; session: varint sessions, each key, i64 start, i64 end, accumulator —
// and a u64 checksum of all that precedes it.
//
// `filter` lets a stage save only the keys of some partitions, and `restore` merges into existing state, so
// state saved by several instances can be redistributed when the parallelism changes.

private let windowMagic: [UInt8] = Array("SSGW".utf8)

extension KeyedWindowAggregator where Key: BinaryCodable, Operation.Accumulator: BinaryCodable {
    /// The window state of the keys accepted by `filter`.
    public func save(filter: (Key) -> Bool = { _ in true }) throws(GridCodecError) -> [UInt8] {
        var w = BinaryWriter(reservingCapacity: 64 + accumulatorCount * 32)
        w.writeBytes(windowMagic)
        w.write(UInt16(1))
        switch engine {
        case let .sliding(s):
            w.write(UInt8(0)); w.write(s.size); w.write(s.slide); w.write(s.watermark); w.write(s.nextEnd)
            w.write(lateItemCount)
            w.writeLength(s.panes.count)
            for pane in s.panes {
                w.write(pane.start)
                let entries = pane.accumulators.filter { filter($0.key) }
                w.writeLength(entries.count)
                for (key, acc) in entries { try key.encode(to: &w); try acc.encode(to: &w) }
            }
        case let .session(s):
            w.write(UInt8(1)); w.write(s.gap); w.write(Int64(0)); w.write(s.watermark); w.write(Int64.min)
            w.write(lateItemCount)
            let all = s.sessions.filter { filter($0.key) }.flatMap { key, slot in
                ([slot.first].compactMap { $0 } + slot.rest).map { (key, $0) }
            }
            w.writeLength(all.count)
            for (key, session) in all {
                try key.encode(to: &w); w.write(session.start); w.write(session.end); try session.accumulator.encode(to: &w)
            }
        }
        w.write(GridChecksum.compute(w.bytes))
        return w.bytes
    }

    /// Merges state saved by ``save(filter:)`` into this aggregator (combining accumulators of the same key
    /// and window). The data is validated completely before anything changes.
    public func restore(from bytes: [UInt8]) throws(GridCodecError) {
        var r = try GridEnvelope.open(
            bytes, magic: windowMagic, versions: 1...1, reading: "window state", minimumCount: 4 + 2 + 1 + 40 + 1 + 8,
            expected: "window state"
        ).content
        let kind = try r.read(UInt8.self)
        let sizeOrGap = try r.read(Int64.self)
        let slide = try r.read(Int64.self)
        let savedWatermark = try r.read(Int64.self)
        let savedNextEnd = try r.read(Int64.self)
        let savedLate = try r.read(Int64.self)
        switch engine {
        case let .sliding(s):
            guard kind == 0, sizeOrGap == s.size, slide == s.slide else {
                throw .invalid("the saved window state is not \(window)")
            }
            var panes: [(Int64, [(Key, Operation.Accumulator)])] = []
            for _ in 0..<(try r.readLength(minimumBytesEach: 9)) {
                let start = try r.read(Int64.self)
                var entries: [(Key, Operation.Accumulator)] = []
                for _ in 0..<(try r.readLength(minimumBytesEach: 1)) {
                    entries.append((try Key(from: &r), try Operation.Accumulator(from: &r)))
                }
                panes.append((start, entries))
            }
            guard r.isAtEnd else { throw .invalid("\(r.remaining) unexpected bytes after the window state") }
            for (start, entries) in panes {
                let pane = s.pane(startingAt: start)
                for (key, acc) in entries {
                    s.operation.combine(acc, into: &pane.accumulators[key, default: s.operation.makeAccumulator()])
                }
            }
            s.watermark = max(s.watermark, savedWatermark)
            s.nextEnd = max(s.nextEnd, savedNextEnd)
        case let .session(s):
            guard kind == 1, sizeOrGap == s.gap else { throw .invalid("the saved window state is not \(window)") }
            var sessions: [(Key, SessionWindowState<Key, Operation>.Session)] = []
            for _ in 0..<(try r.readLength(minimumBytesEach: 17)) {
                let key = try Key(from: &r)
                let start = try r.read(Int64.self)
                let end = try r.read(Int64.self)
                guard start < end else { throw .invalid("a saved session ends before it starts") }
                sessions.append((key, .init(start: start, end: end, accumulator: try Operation.Accumulator(from: &r))))
            }
            guard r.isAtEnd else { throw .invalid("\(r.remaining) unexpected bytes after the window state") }
            for (key, session) in sessions {
                var slot = s.sessions.removeValue(forKey: key) ?? .init()
                if slot.first == nil { slot.first = session } else { slot.rest.append(session) }
                s.sessions[key] = slot
                s.closing.push(session.end, key)
            }
            s.watermark = max(s.watermark, savedWatermark)
        }
        lateItems &+= savedLate
    }
}
