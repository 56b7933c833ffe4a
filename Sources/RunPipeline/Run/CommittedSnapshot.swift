import Logging
import Slipstream
import SlipstreamSnapshot

/// Chooses the snapshot an exactly-once run resumes from: the one whose Kafka transaction committed last.
///
/// An exactly-once Kafka sink commits its transaction only after the snapshot that names it is durable (see
/// `KafkaSinkTransaction`), so the store may hold newer snapshots whose transaction never committed (the
/// process died between the two): restoring one of them would lose the output it aborted. The transaction
/// log says which transaction committed last; the newest snapshot naming it is the restore point, and the
/// newer ones are discarded.
enum CommittedSnapshot {
    enum Choice {
        /// The newest complete snapshot records no Kafka transaction: the usual rule applies (the latest one).
        case notTransactional
        /// No transaction of the newest snapshots' lineage ever committed: start from the sources' start
        /// positions (nothing of that run is visible), with what was discarded, in words.
        case fresh(note: String)
        /// Restore this snapshot, with what was checked and discarded, in words.
        case snapshot(SnapshotContents, note: String)
    }

    /// Reads the transaction log of every exactly-once sink the newest snapshot records, and picks the snapshot.
    ///
    /// - Throws: ``RestorePoint/Failure`` when the log cannot be read, or names a snapshot the store no longer
    ///   has; resuming anyway could lose or repeat results.
    static func choose(store: any SnapshotStore, connection: KafkaConnection, logger: Logger) throws -> Choice {
        let complete = try store.list().filter(\.isComplete).compactMap(\.manifest)
        guard let newest = complete.first else { return .notTransactional }
        let sinks = positions(in: newest)
        guard !sinks.isEmpty else { return .notTransactional }

        var commits: [String: KafkaSinkCommit] = [:]
        for (vertex, position) in sinks {
            do {
                commits[vertex] = try KafkaTransactionLog.lastCommit(of: position, connection: connection, logger: logger)
            } catch {
                throw RestorePoint.Failure(
                    description: "cannot read the transaction log '\(position.logTopic)' of the exactly-once sink '\(vertex)' on \(connection.bootstrapServers), which decides the snapshot to resume from: \(error)")
            }
        }
        let ofNewestLineage = sinks.allSatisfy { vertex, position in commits[vertex]?.lineage == position.lineage }
        if !ofNewestLineage {
            // The newest run lineage never committed: none of its output is visible, so none of its state counts.
            let void = complete.filter { manifest in
                positions(in: manifest).contains { vertex, position in sinks[vertex]?.lineage == position.lineage }
            }
            discard(void, from: store, logger: logger)
            return .fresh(note: "no Kafka transaction of this run committed; \(void.count) uncommitted snapshot(s) discarded")
        }

        var newer: [SnapshotManifest] = []
        for (index, manifest) in complete.enumerated() {
            let matches = sinks.keys.allSatisfy { vertex in
                guard let position = positions(in: manifest)[vertex], let commit = commits[vertex] else { return false }
                return position.isCommitted(by: commit)
            }
            guard matches else {
                newer.append(manifest)
                continue
            }
            discard(newer, from: store, logger: logger)
            let committed = sinks.keys.sorted().compactMap { commits[$0].map { "transaction \($0.epoch) of \($0.transactionalID)" } }
            var note = "its Kafka \(committed.joined(separator: ", ")) committed"
            if !newer.isEmpty { note += "; \(newer.count) newer uncommitted snapshot(s) discarded" }
            for candidate in complete[index...] {
                do {
                    let contents = try store.load(candidate)
                    if candidate.id != manifest.id {
                        note += "; snapshot \(manifest.id) is damaged, so results committed since snapshot \(candidate.id) will be written again"
                    }
                    return .snapshot(contents, note: note)
                } catch let error as SnapshotStoreError where error.snapshotIsUnusable {
                    logger.warning(
                        "skipping snapshot \(candidate.id), it cannot be restored (\(error.code): \(error.message)); trying the previous one: results committed after it will be written again")
                }
            }
            throw RestorePoint.Failure(
                description: "no complete snapshot can be read back; start over with --fresh (results will be written again)")
        }
        let named = commits.values.map { "transaction \($0.epoch) of \($0.transactionalID)" }.sorted()
        throw RestorePoint.Failure(
            description: "the last committed Kafka \(named.joined(separator: ", ")) belongs to a snapshot the store no longer has (deleted, or beyond the retention); resuming from another would lose or repeat results: start over with --fresh, or restore the missing snapshot")
    }

    /// The exactly-once sinks' transaction positions a manifest records, by vertex.
    static func positions(in manifest: SnapshotManifest) -> [String: KafkaTransactionPosition] {
        let prefix = SnapshotManifest.MetadataKey.kafkaTransaction + "."
        var result: [String: KafkaTransactionPosition] = [:]
        for (key, value) in manifest.metadata where key.hasPrefix(prefix) {
            if let position = KafkaTransactionPosition(annotation: value) { result[String(key.dropFirst(prefix.count))] = position }
        }
        return result
    }

    private static func discard(_ manifests: [SnapshotManifest], from store: any SnapshotStore, logger: Logger) {
        for manifest in manifests {
            logger.warning(
                "discarding snapshot \(manifest.id): the process stopped before its Kafka transaction committed, so its output was aborted and is replayed from an older snapshot")
            do {
                try store.delete(id: manifest.id)
            } catch {
                logger.warning("could not delete uncommitted snapshot \(manifest.id): \(error)")
            }
        }
    }
}
