// Save and restore of a join buffer, for snapshots, in the format of ``JoinState``.

extension StreamJoinBuffer where Key: BinaryCodable, Left: BinaryCodable, Right: BinaryCodable {
    /// The waiting items of the keys accepted by `filter`, with the buffer's counters.
    public func save(filter: (Key) -> Bool = { _ in true }) throws(GridCodecError) -> [UInt8] {
        var items = 0
        table.forEach { key, slot in if filter(key) { items += slot.lefts.count + slot.rights.count } }
        var state = JoinStateWriter<Key, Left, Right>(
            window: window, cardinality: cardinality,
            figures: JoinFigures(
                watermark: watermark, matched: matchedCount, unmatchedLeft: unmatchedLeftCount,
                unmatchedRight: unmatchedRightCount, late: lateCount),
            itemCount: items)
        for i in 0..<table.count {
            let key = table.entries[i].key, slot = table.entries[i].value
            guard filter(key) else { continue }
            for item in slot.lefts.all { try state.appendLeft(key, time: item.time, matched: item.matched, item.value) }
            for item in slot.rights.all { try state.appendRight(key, time: item.time, matched: item.matched, item.value) }
        }
        return state.finish()
    }

    /// Adds the items saved by ``save(filter:)`` (or by another join buffer over the same window and cardinality)
    /// to this buffer; the counters are added too. The data is validated completely before anything changes.
    public func restore(from bytes: [UInt8]) throws(GridCodecError) {
        let state = try JoinState<Key, Left, Right>(decoding: bytes, window: window, cardinality: cardinality)
        for item in state.lefts {
            let hash = item.key.stableHash
            var index = table.find(item.key, hash: hash)
            if index < 0 { index = table.appendNew(item.key, JoinSlot(), hash: hash) }
            table.entries[index].value.lefts.append(PendingJoinItem(time: item.time, value: item.value, matched: item.matched))
            expiries.push(item.time.saturatingAdd(window.upperBound), item.key)
        }
        for item in state.rights {
            let hash = item.key.stableHash
            var index = table.find(item.key, hash: hash)
            if index < 0 { index = table.appendNew(item.key, JoinSlot(), hash: hash) }
            table.entries[index].value.rights.append(PendingJoinItem(time: item.time, value: item.value, matched: item.matched))
            expiries.push(item.time.saturatingAdd(-window.lowerBound), item.key)
        }
        counters.pendingLeft += state.lefts.count
        counters.pendingRight += state.rights.count
        counters.watermark = max(watermark, state.figures.watermark)
        counters.matched &+= state.figures.matched
        counters.unmatchedLeft &+= state.figures.unmatchedLeft
        counters.unmatchedRight &+= state.figures.unmatchedRight
        counters.late &+= state.figures.late
    }
}
