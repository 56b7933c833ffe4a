extension EventTimeTracker {
    /// The key of a tracker's state in snapshots.
    static let snapshotKey = Array("event-time".utf8)

    /// The tracker's state as a snapshot entry: the emitted watermark, then the highest timestamp per partition.
    func snapshotEntry() -> SnapshotEntry {
        SnapshotEntry(
            key: Self.snapshotKey,
            value: Int64Coding.encode([emittedWatermark?.timestamp ?? Int64.min] + highestTimestamps))
    }

    /// Restores from entries made by ``snapshotEntry()``; with several (from instances that were merged), keeps
    /// the most conservative state: the lowest watermark and highest timestamps.
    mutating func restore(from entries: [SnapshotEntry], now: Int64) throws {
        var watermark: Int64?
        var highest: [Int64]?
        for entry in entries {
            guard var values = Int64Coding.decode(entry.value), !values.isEmpty else {
                throw EngineError(.snapshotRestoreFailed, "damaged event-time entry in the snapshot")
            }
            let emitted = values.removeFirst()
            watermark = min(watermark ?? emitted, emitted)
            highest = highest.map { zip($0, values).map { min($0, $1) } } ?? values
        }
        guard let watermark, let highest else { return }
        restore(
            highestTimestamps: highest, emittedWatermark: watermark == Int64.min ? nil : Watermark(watermark), now: now)
    }
}
