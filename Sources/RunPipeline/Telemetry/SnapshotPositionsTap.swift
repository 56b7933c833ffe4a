import SlipstreamEngine

/// A snapshot sink in front of another that reads the Kafka sources' saved positions on the way through (the
/// entries keyed `kafka-positions`, see ``RunSnapshotSink``) and hands them to the ``ConsumerLagProbe``.
struct SnapshotPositionsTap: SnapshotSink {
    let inner: any SnapshotSink
    let probe: ConsumerLagProbe
    private static let positionsKey = Array("kafka-positions".utf8)

    func write(snapshotID: Int64, vertex: String, instance: Int, entries: [SnapshotEntry]) {
        inner.write(snapshotID: snapshotID, vertex: vertex, instance: instance, entries: entries)
        for entry in entries where entry.key == Self.positionsKey {
            if let positions = RunSnapshotSink.decodePositions(entry.value) {
                probe.record(snapshotID: snapshotID, positions: positions)
            }
        }
    }

    func commit(snapshotID: Int64) async throws {
        do {
            try await inner.commit(snapshotID: snapshotID)
        } catch {
            probe.snapshotFinished(snapshotID, committed: false)
            throw error
        }
        probe.snapshotFinished(snapshotID, committed: true)
    }
}
