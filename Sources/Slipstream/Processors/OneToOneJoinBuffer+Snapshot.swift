import SlipstreamEngine
import SlipstreamGrid

// Saved as ``JoinState`` (the format a one-to-one `StreamJoinBuffer` over the same window writes too):
// snapshots of either restore into the other.

extension OneToOneJoinBuffer where Key: BinaryCodable, Left: BinaryCodable, Right: BinaryCodable {
    /// The waiting items of the keys `filter` accepts, in arrival order, with the buffer's counters.
    func save(filter: (Key) -> Bool = { _ in true }) throws(GridCodecError) -> [UInt8] {
        var count = 0
        lefts.forEachWaiting { key, _, _ in if filter(key) { count += 1 } }
        rights.forEachWaiting { key, _, _ in if filter(key) { count += 1 } }
        var state = JoinStateWriter<Key, Left, Right>(
            window: window, cardinality: .oneToOne, figures: counters, itemCount: count)
        do {
            try lefts.forEachWaiting { key, time, value in
                if filter(key) { try state.appendLeft(key, time: time, matched: false, value) }
            }
            try rights.forEachWaiting { key, time, value in
                if filter(key) { try state.appendRight(key, time: time, matched: false, value) }
            }
        } catch let error as GridCodecError {
            throw error
        } catch {
            throw .invalid("\(error)")
        }
        return state.finish()
    }

    /// Adds the items saved by ``save(filter:)`` (or by a one-to-one join buffer over the same window) and
    /// their counters. The data is validated completely before anything changes.
    func restore(from bytes: [UInt8]) throws(GridCodecError) {
        let state = try JoinState<Key, Left, Right>(decoding: bytes, window: window, cardinality: .oneToOne)
        // A general join buffer saves its items by key: back in event-time order, most wait at the front.
        for item in state.lefts.sorted(by: { $0.time < $1.time }) {
            lefts.append(
                item.value, key: item.key, hash: item.key.stableHash, time: item.time,
                deadline: item.time.addingSaturated(window.upperBound))
        }
        for item in state.rights.sorted(by: { $0.time < $1.time }) {
            rights.append(
                item.value, key: item.key, hash: item.key.stableHash, time: item.time,
                deadline: item.time.addingSaturated(-window.lowerBound))
        }
        counters.watermark = max(counters.watermark, state.figures.watermark)
        counters.matched &+= state.figures.matched
        counters.unmatchedLeft &+= state.figures.unmatchedLeft
        counters.unmatchedRight &+= state.figures.unmatchedRight
        counters.late &+= state.figures.late
    }
}
