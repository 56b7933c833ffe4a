// Binary, versioned save and restore of one partition, for snapshots.
//
// Format (version 1), little-endian:
//   "SSGP"  magic (4 bytes)
//   u16     format version
//   u8      flags: 1 = deadlines, 2 = last-access times, 4 = use counts, 8 = entries in eviction order
//   u32     partition id
//   u32     partition count of the map that saved it
//   varint  entry count
//   entries: key, value, [i64 deadline], [i64 last access], [u32 use count]
//   u64     checksum of everything before it (GridChecksum)
//
// Times are absolute (milliseconds), so a restored entry keeps its remaining lifetime.

import SlipstreamEngine

/// The snapshot format versions of a grid partition this build reads and the one it writes.
public enum GridPartitionFormat {
    public static let magic: [UInt8] = Array("SSGP".utf8)
    public static let currentVersion = 1
    public static let supportedVersions = 1...1
}

extension GridPartition where Key: BinaryCodable, Value: BinaryCodable {
    /// The partition's entries in the versioned binary snapshot format. `partitionCount` is stored so a
    /// restore into a map with a different partition count is detected instead of misplacing keys.
    /// Throws only if a key or value cannot be encoded (see ``BinaryCodable/encode(to:)``).
    public func save(partitionCount: Int) throws(GridCodecError) -> [UInt8] {
        var writer = BinaryWriter(reservingCapacity: 32 + count * (MemoryLayout<GridEntry<Key, Value>>.size + 4))
        writer.writeBytes(GridPartitionFormat.magic)
        writer.write(UInt16(GridPartitionFormat.currentVersion))
        var flags: UInt8 = 0
        if deadlines != nil { flags |= 1 }
        if lastAccess != nil { flags |= 2 }
        if frequency != nil { flags |= 4 }
        if isListed { flags |= 8 }
        writer.write(flags)
        writer.write(UInt32(id))
        writer.write(UInt32(partitionCount))
        writer.writeLength(count)
        func writeEntry(_ i: Int) throws(GridCodecError) {
            try entries[i].key.encode(to: &writer)
            try entries[i].value.encode(to: &writer)
            if let d = deadlines { writer.write(d[i]) }
            if let a = lastAccess { writer.write(a[i]) }
            if let f = frequency { writer.write(f[i]) }
        }
        if isListed {
            var i = listHead
            while i != Self.none {
                try writeEntry(Int(i))
                i = next![Int(i)]
            }
        } else {
            for i in 0..<count { try writeEntry(i) }
        }
        let checksum = GridChecksum.compute(writer.bytes)
        writer.write(checksum)
        return writer.bytes
    }

    /// Replaces the partition's contents with a snapshot made by ``save(partitionCount:)``.
    ///
    /// The data is checked completely (magic, version, checksum, partition id and count, every key's partition,
    /// duplicates, trailing bytes) before anything changes: on error the partition is left as it was.
    /// Entries keep their saved deadlines and access times; `now` stamps last-access times the data does not
    /// carry (when a max-idle policy was added since). The eviction handler is not called.
    public func restore(from bytes: [UInt8], partitionCount: Int, now: Int64) throws(GridCodecError) {
        // From here the bytes are as written; the checks below guard against a mismatched map, not damage.
        var reader = try GridEnvelope.open(
            bytes, magic: GridPartitionFormat.magic, versions: GridPartitionFormat.supportedVersions,
            reading: "a grid partition snapshot", minimumCount: 4 + 2 + 1 + 4 + 4 + 1 + 8, expected: "grid partition"
        ).content
        let flags = try reader.read(UInt8.self)
        guard flags & ~0x0f == 0 else { throw .invalid("unknown flags \(flags) in a grid partition snapshot") }
        let savedID = Int(try reader.read(UInt32.self))
        let savedCount = Int(try reader.read(UInt32.self))
        guard savedID == id else { throw .invalid("snapshot of partition \(savedID) cannot restore partition \(id)") }
        guard savedCount == partitionCount else {
            throw .invalid("snapshot was taken with \(savedCount) partitions, this map has \(partitionCount)")
        }
        let n = try reader.readLength(minimumBytesEach: 1)

        let fresh = GridPartition(id: id, settings: settings, initialCapacity: n)
        if flags & 1 != 0 && fresh.deadlines == nil { fresh.allocateDeadlines() }
        for _ in 0..<n {
            let key = try Key(from: &reader)
            let value = try Value(from: &reader)
            let deadline: Int64 = flags & 1 != 0 ? try reader.read(Int64.self) : .max
            let accessed: Int64 = flags & 2 != 0 ? try reader.read(Int64.self) : now
            let uses: UInt32 = flags & 4 != 0 ? try reader.read(UInt32.self) : 1
            let hash = key.stableHash
            guard Int(truncatingIfNeeded: hash % UInt64(partitionCount)) == id else {
                throw .invalid("a key in the snapshot of partition \(id) belongs to another partition")
            }
            guard fresh.find(key, hash: hash) < 0 else {
                throw .invalid("a key appears twice in the snapshot of partition \(id)")
            }
            if let maxEntries = settings.maxEntries, fresh.count >= maxEntries {
                // The map's cap shrank since the snapshot: keep the most recently used entries.
                _ = fresh.remove(at: fresh.evictionCandidate!, hash: fresh.entries[fresh.evictionCandidate!].key.stableHash)
            }
            let i = fresh.appendNew(key, value, hash: hash)
            if let d = fresh.deadlines {
                d[i] = flags & 1 != 0 ? deadline : (settings.timeToLive.map { now.saturatingAdd($0) } ?? .max)
            }
            if let a = fresh.lastAccess { a[i] = accessed }
            fresh.appendRestored(i, uses: flags & 4 != 0 && flags & 8 != 0 ? uses : 1)
        }
        guard reader.isAtEnd else {
            throw .invalid("\(reader.remaining) unexpected bytes after the entries of partition \(id)")
        }
        adopt(fresh)
    }
}

extension GridPartition {
    /// Puts a restored entry at the tail of the eviction list (entries arrive in list order).
    @usableFromInline
    func appendRestored(_ index: Int, uses: UInt32) {
        guard isListed else { return }
        let i = UInt32(truncatingIfNeeded: index)
        if let frequency {
            // Use counts arrive in ascending order when saved in list order; otherwise all are 1.
            let f = max(1, min(uses, UInt32.max - 1))
            frequency[index] = f
            if listTail != Self.none && frequency[Int(listTail)] > f {
                frequency[index] = frequency[Int(listTail)]
            }
            insert(i, after: listTail)
            frequencyTails[frequency[index]] = i
        } else {
            insert(i, after: listTail)
        }
    }

    /// Takes over the storage of `other` (whose deinit then frees this partition's old storage).
    func adopt(_ other: GridPartition) {
        swap(&entries, &other.entries)
        swap(&count, &other.count)
        swap(&capacity, &other.capacity)
        swap(&slots, &other.slots)
        swap(&slotBits, &other.slotBits)
        swap(&deadlines, &other.deadlines)
        swap(&lastAccess, &other.lastAccess)
        swap(&previous, &other.previous)
        swap(&next, &other.next)
        swap(&frequency, &other.frequency)
        swap(&listHead, &other.listHead)
        swap(&listTail, &other.listTail)
        swap(&frequencyTails, &other.frequencyTails)
        sweepCursor = 0
    }
}

extension GridMapView where Key: BinaryCodable, Value: BinaryCodable {
    /// Saves partition `id` (owned by this view) for a snapshot.
    public func savePartition(_ id: Int) throws -> [UInt8] {
        try partition(id).save(partitionCount: Int(partitionCount))
    }

    /// Restores partition `id` (owned by this view) from ``savePartition(_:)`` output.
    public func restorePartition(_ id: Int, from bytes: [UInt8]) throws {
        try partition(id).restore(from: bytes, partitionCount: Int(partitionCount), now: now)
    }
}
