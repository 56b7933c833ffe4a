import Slipstream
import SlipstreamSnapshot

/// Where a run starts from: the snapshot store opened for writing, and the state of its latest complete
/// snapshot (or none with `--fresh`, or when there is none yet). For an exactly-once run, the latest snapshot
/// whose Kafka transaction committed (see ``CommittedSnapshot``).
struct RestorePoint {
    let store: any SnapshotStore
    /// What the job restores, by vertex.
    let restoredState: [String: [SnapshotEntry]]
    /// Where the run starts, in words, for the start-up log line.
    let summary: String

    /// Why the store could not be opened or read, in one line.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Opens the store at `location` and reads its latest complete snapshot (damaged or incomplete newer ones are
    /// skipped with a warning by the store), refusing a snapshot another pipeline took.
    static func open(
        _ location: SnapshotLocation, settings: RunSettings, pipelineName: String
    ) async -> Result<RestorePoint, Failure> {
        let store: any SnapshotStore
        do {
            store = try location.open(access: .writer, retain: settings.snapshotRetain)
        } catch {
            return .failure(Failure(description: "snapshot store \(location): \(error)"))
        }
        if settings.fresh {
            let existing = (try? store.list().count) ?? 0
            let summary = existing > 0 ? "started fresh (--fresh: \(existing) snapshot(s) ignored)" : "started fresh"
            return .success(RestorePoint(store: store, restoredState: [:], summary: summary))
        }
        let contents: SnapshotContents?
        var transactionNote = ""
        do {
            // An exactly-once run's snapshot counts only once its Kafka transaction committed.
            let connection = KafkaConnection(bootstrapServers: settings.brokers)
            switch try CommittedSnapshot.choose(store: store, connection: connection, logger: store.logger) {
            case .notTransactional:
                contents = try store.loadLatest()
            case .fresh(let note):
                return .success(RestorePoint(store: store, restoredState: [:], summary: "started fresh (\(note))"))
            case .snapshot(let chosen, let note):
                contents = chosen
                transactionNote = "; \(note)"
            }
        } catch let failure as Failure {
            await store.close()
            return .failure(Failure(description: "snapshot store \(location): \(failure.description)"))
        } catch {
            await store.close()
            return .failure(Failure(description: "snapshot store \(location): \(error)"))
        }
        guard let contents else {
            return .success(RestorePoint(store: store, restoredState: [:], summary: "started fresh (no snapshot yet)"))
        }
        let manifest = contents.manifest
        if let job = manifest.metadata[SnapshotManifest.MetadataKey.job], job != pipelineName {
            await store.close()
            return .failure(
                Failure(
                    description: "the latest snapshot in \(location) was taken by pipeline '\(job)', not '\(pipelineName)'; use another snapshot store or --fresh"))
        }
        let offsets = manifest.allSourceOffsets
        let offsetText = offsets.isEmpty ? "" : ", offsets " + SnapshotManifest.formatSourceOffsets(offsets)
        return .success(
            RestorePoint(
                store: store, restoredState: contents.restoredState,
                summary: "resumed from snapshot \(manifest.id) of \(SnapshotText.time(manifest.createdAt))\(offsetText)\(transactionNote)"))
    }
}
