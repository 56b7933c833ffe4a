import SlipstreamGrid

extension Activity: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(count)
        writer.write(sum)
    }

    init(from reader: inout BinaryReader) throws(GridCodecError) {
        count = try reader.read(Int64.self)
        sum = try reader.read(Double.self)
    }
}

/// Saves every partition of a map of `keyCount` keys and restores them into a fresh map: the grid's share of
/// a snapshot (the snapshot store's I/O is not included). Also times the detached copies that let the owner
/// hand the encoding to another thread: the pause a snapshot needs to cost.
struct SnapshotBenchmark {
    static func run(keyCount: Int) -> (bytes: Int, saveSeconds: Double, restoreSeconds: Double, copySeconds: Double) {
        let source = try! GridMap<Int, Activity>(name: "source").claimView(instance: 0, of: 1)
        for id in 0..<keyCount { source.put(id &* 2_654_435_761, Activity(count: Int64(id), sum: Double(id))) }
        let copyStart = monotonicSeconds()
        let copies = source.partitionIDs.map { try! source.detachedCopy(ofPartition: $0) }
        let copySeconds = monotonicSeconds() - copyStart
        precondition(copies.reduce(0) { $0 + $1.entryCount } == keyCount)
        let start = monotonicSeconds()
        let saved = source.partitionIDs.map { try! source.savePartition($0) }
        let saveSeconds = monotonicSeconds() - start
        let target = try! GridMap<Int, Activity>(name: "target").claimView(instance: 0, of: 1)
        let restoreStart = monotonicSeconds()
        for (id, bytes) in zip(target.partitionIDs, saved) { try! target.restorePartition(id, from: bytes) }
        let restoreSeconds = monotonicSeconds() - restoreStart
        precondition(target.entryCount == keyCount)
        return (saved.reduce(0) { $0 + $1.count }, saveSeconds, restoreSeconds, copySeconds)
    }
}
