/// The Space-Saving summary of Metwally, Agrawal and El Abbadi (2005): the most frequent items of a stream in
/// `capacity` counters. An item's reported count overestimates its true count by at most its `error`; every item
/// whose true count exceeds n / capacity is present. With fewer distinct items than counters the counts are exact.
public struct SpaceSavingSketch<Item: Hashable & Sendable>: Sendable {
    /// The number of counters kept.
    public let capacity: Int
    @usableFromInline var items: [Item] = []
    @usableFromInline var counts: [Int64] = []
    @usableFromInline var errors: [Int64] = []
    @usableFromInline var index: [Item: Int] = [:]

    public init(capacity: Int) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
    }

    /// Counts one occurrence of `item` (or `weight` occurrences).
    @inlinable
    public mutating func insert(_ item: Item, weight: Int64 = 1) {
        if let i = index[item] {
            counts[i] &+= weight
        } else if items.count < capacity {
            index[item] = items.count
            items.append(item)
            counts.append(weight)
            errors.append(0)
        } else {
            // Replace the item with the smallest count; the newcomer inherits that count as its error bound.
            var victim = 0
            for i in 1..<counts.count where counts[i] < counts[victim] { victim = i }
            index[items[victim]] = nil
            index[item] = victim
            items[victim] = item
            errors[victim] = counts[victim]
            counts[victim] &+= weight
        }
    }

    /// Adds the counters of `other`. Items missing from one side count as 0 there, so the merged counts remain
    /// within the sum of both error bounds (Agarwal et al., "Mergeable Summaries", 2012).
    public mutating func formUnion(_ other: SpaceSavingSketch) {
        var merged: [Item: (count: Int64, error: Int64)] = [:]
        for i in items.indices { merged[items[i]] = (counts[i], errors[i]) }
        for i in other.items.indices {
            let prior = merged[other.items[i]] ?? (0, 0)
            merged[other.items[i]] = (prior.count &+ other.counts[i], prior.error &+ other.errors[i])
        }
        let kept = merged.sorted { $0.value.count > $1.value.count }.prefix(capacity)
        items = kept.map(\.key)
        counts = kept.map(\.value.count)
        errors = kept.map(\.value.error)
        index = Dictionary(uniqueKeysWithValues: items.enumerated().map { ($1, $0) })
    }

    /// The `k` items with the highest counts, highest first (ties in no particular order).
    public func top(_ k: Int) -> [(item: Item, count: Int64, error: Int64)] {
        items.indices.sorted { counts[$0] > counts[$1] }.prefix(k).map { (items[$0], counts[$0], errors[$0]) }
    }
}

extension SpaceSavingSketch: BinaryCodable where Item: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) throws(GridCodecError) {
        writer.writeLength(capacity)
        writer.writeLength(items.count)
        for i in items.indices {
            try items[i].encode(to: &writer)
            writer.write(counts[i])
            writer.write(errors[i])
        }
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        let capacity = try reader.readLength(minimumBytesEach: 0)
        guard capacity >= 1 else { throw .invalid("a Space-Saving sketch needs at least one counter") }
        self.init(capacity: capacity)
        let n = try reader.readLength(minimumBytesEach: 17)
        guard n <= capacity else { throw .invalid("a Space-Saving sketch holds \(n) items for \(capacity) counters") }
        for i in 0..<n {
            let item = try Item(from: &reader)
            guard index[item] == nil else { throw .invalid("an item appears twice in a Space-Saving sketch") }
            index[item] = i
            items.append(item)
            counts.append(try reader.read(Int64.self))
            errors.append(try reader.read(Int64.self))
        }
    }
}
