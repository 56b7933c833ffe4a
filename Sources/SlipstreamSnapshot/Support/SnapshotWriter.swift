import Foundation
import Logging
import SlipstreamEngine

/// The write path shared by the stores: processor threads queue entries without blocking; one writer thread per
/// store encodes them into segments and hands the blocks to the store's backend; commits are queued behind the
/// entries of their snapshot, so a commit finds every entry written.
///
/// Memory: the queue holds the entries processors saved until the writer has encoded them (the entries are the
/// processors' own arrays, not copies), so a snapshot briefly costs its size once more.
final class SnapshotWriter: @unchecked Sendable {
    // @unchecked: `queue`, `stopped` and `exited` are guarded by `condition`; everything else is touched only by
    // the writer thread.
    private enum Work {
        case entries(jobSnapshotID: Int64, vertex: String, instance: Int, entries: [SnapshotEntry])
        case annotate(jobSnapshotID: Int64, metadata: [String: String])
        case commit(jobSnapshotID: Int64, metadata: [String: String], CheckedContinuation<SnapshotManifest, any Error>)
        case abort(jobSnapshotID: Int64)
        case stop(CheckedContinuation<Void, Never>?)
    }

    /// A snapshot being written, by the engine's id.
    private final class Pending {
        let id: Int64
        let jobSnapshotID: Int64
        let output: any SnapshotOutput
        var segments: [SegmentKey: (encoder: SnapshotSegmentEncoder, output: any SegmentOutput)] = [:]
        var order: [SegmentKey] = []
        var metadata: [String: String] = [:]
        var failure: SnapshotStoreError?

        init(id: Int64, jobSnapshotID: Int64, output: any SnapshotOutput) {
            self.id = id
            self.jobSnapshotID = jobSnapshotID
            self.output = output
        }
    }

    private struct SegmentKey: Hashable {
        var vertex: String
        var instance: Int
    }

    private let condition = NSCondition()
    private var queue: [Work] = []
    private var stopped = false
    private let backend: any SnapshotWriterBackend
    private let logger: Logger
    private let blockSize: Int
    private var nextID: Int64
    private var pending: [Int64: Pending] = [:]

    /// Starts the writer thread; the first snapshot gets store id `firstID`.
    init(backend: any SnapshotWriterBackend, firstID: Int64, blockSize: Int, logger: Logger, threadName: String) {
        self.backend = backend
        self.nextID = firstID
        self.blockSize = blockSize
        self.logger = logger
        let thread = Thread { [self] in run() }
        thread.name = threadName
        thread.start()
    }

    // MARK: - Called from any thread

    func write(jobSnapshotID: Int64, vertex: String, instance: Int, entries: [SnapshotEntry]) {
        enqueue(.entries(jobSnapshotID: jobSnapshotID, vertex: vertex, instance: instance, entries: entries))
    }

    func annotate(jobSnapshotID: Int64, metadata: [String: String]) {
        enqueue(.annotate(jobSnapshotID: jobSnapshotID, metadata: metadata))
    }

    func abort(jobSnapshotID: Int64) {
        enqueue(.abort(jobSnapshotID: jobSnapshotID))
    }

    func commit(jobSnapshotID: Int64, metadata: [String: String]) async throws -> SnapshotManifest {
        try await withCheckedThrowingContinuation { continuation in
            if !enqueue(.commit(jobSnapshotID: jobSnapshotID, metadata: metadata, continuation)) {
                continuation.resume(throwing: SnapshotStoreError(.closed, "the snapshot store is closed"))
            }
        }
    }

    func stop() async {
        await withCheckedContinuation { continuation in
            if !enqueue(.stop(continuation)) { continuation.resume() }
        }
    }

    /// Stops the writer after the work queued so far, without waiting (for a store's `deinit`).
    func stopWithoutWaiting() {
        enqueue(.stop(nil))
    }

    /// Queues `work`; returns `false` (dropping it) once the writer has been stopped.
    @discardableResult
    private func enqueue(_ work: Work) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return false }
        if case .stop = work { stopped = true }
        queue.append(work)
        condition.signal()
        return true
    }

    // MARK: - The writer thread

    private func run() {
        var batch: [Work] = []
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            swap(&batch, &queue)
            condition.unlock()
            for work in batch {
                switch work {
                case .entries(let jobID, let vertex, let instance, let entries):
                    append(entries, jobSnapshotID: jobID, vertex: vertex, instance: instance)
                case .annotate(let jobID, let metadata):
                    if let snapshot = snapshot(for: jobID) { snapshot.metadata.merge(metadata) { $1 } }
                case .commit(let jobID, let metadata, let continuation):
                    let result = Result { try commit(jobSnapshotID: jobID, metadata: metadata) }
                    continuation.resume(with: result)
                    // Retention runs after the engine has heard of the commit, so that it never delays it.
                    if case .success(let published) = result { backend.applyRetention(after: published) }
                case .abort(let jobID):
                    if let snapshot = pending.removeValue(forKey: jobID) {
                        logger.info("snapshot \(snapshot.id) (job snapshot \(jobID)) aborted")
                        snapshot.output.discard()
                    }
                case .stop(let continuation):
                    for snapshot in pending.values { snapshot.output.discard() }
                    pending.removeAll()
                    continuation?.resume()
                    return
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// The pending snapshot for the engine's `jobSnapshotID`, begun on first use. The engine has one snapshot in
    /// flight at a time, so a new one means any other pending snapshot was abandoned: it is discarded.
    private func snapshot(for jobSnapshotID: Int64) -> Pending? {
        if let existing = pending[jobSnapshotID] { return existing }
        for (jobID, abandoned) in pending {
            logger.info("snapshot \(abandoned.id) (job snapshot \(jobID)) abandoned: snapshot \(jobSnapshotID) began")
            abandoned.output.discard()
        }
        pending.removeAll()
        let id = nextID
        nextID += 1
        do {
            let output = try backend.beginSnapshot(id: id)
            let snapshot = Pending(id: id, jobSnapshotID: jobSnapshotID, output: output)
            pending[jobSnapshotID] = snapshot
            return snapshot
        } catch {
            logger.error("cannot begin snapshot \(id): \(error.message)")
            let snapshot = Pending(id: id, jobSnapshotID: jobSnapshotID, output: NoOutput())
            snapshot.failure = error
            pending[jobSnapshotID] = snapshot
            return snapshot
        }
    }

    private func append(_ entries: [SnapshotEntry], jobSnapshotID: Int64, vertex: String, instance: Int) {
        guard let snapshot = snapshot(for: jobSnapshotID), snapshot.failure == nil else { return }
        let key = SegmentKey(vertex: vertex, instance: instance)
        do {
            if snapshot.segments[key] == nil {
                let output = try snapshot.output.openSegment(
                    index: snapshot.order.count, vertex: vertex, instance: instance)
                let encoder = SnapshotSegmentEncoder(
                    snapshotID: snapshot.id, vertex: vertex, instance: instance, blockSize: blockSize)
                snapshot.segments[key] = (encoder, output)
                snapshot.order.append(key)
            }
            let (encoder, output) = snapshot.segments[key]!
            try encoder.append(entries) { bytes in try output.write(bytes) }
        } catch {
            let failure = Self.storeError(error, snapshotID: snapshot.id)
            logger.error("snapshot \(snapshot.id) failed while writing '\(vertex)' instance \(instance): \(failure.message)")
            snapshot.failure = failure
            snapshot.segments.removeAll()
        }
    }

    private func commit(jobSnapshotID: Int64, metadata: [String: String]) throws -> SnapshotManifest {
        guard let snapshot = snapshot(for: jobSnapshotID) else {
            throw SnapshotStoreError(.writeFailed, "snapshot \(jobSnapshotID) could not be started")
        }
        pending.removeValue(forKey: jobSnapshotID)
        do {
            if let failure = snapshot.failure { throw failure }
            var segments: [SnapshotSegment] = []
            segments.reserveCapacity(snapshot.order.count)
            for key in snapshot.order {
                let (encoder, output) = snapshot.segments[key]!
                var segment = try encoder.finish { bytes in try output.write(bytes) }
                try output.finish(&segment)
                segments.append(segment)
            }
            snapshot.metadata.merge(metadata) { $1 }
            let manifest = SnapshotManifest(
                id: snapshot.id, jobSnapshotID: jobSnapshotID,
                createdAtMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()),
                metadata: snapshot.metadata, segments: segments)
            let published = try snapshot.output.commit(manifest)
            logger.info(
                "snapshot \(published.id) committed: \(published.entryCount) entries, \(published.byteCount) bytes",
                metadata: ["snapshot": "\(published.id)", "job-snapshot": "\(jobSnapshotID)"])
            return published
        } catch {
            let failure = Self.storeError(error, snapshotID: snapshot.id)
            snapshot.output.discard()
            logger.error("snapshot \(snapshot.id) was not committed; the previous snapshot stays the restore point: \(failure.message)")
            throw failure
        }
    }

    private static func storeError(_ error: any Error, snapshotID: Int64) -> SnapshotStoreError {
        if let error = error as? SnapshotStoreError { return error }
        return SnapshotStoreError(.writeFailed, "\(error)", snapshotID: snapshotID, underlying: error)
    }
}

/// Stands in for the output of a snapshot that could not begin; the commit reports the original failure.
private final class NoOutput: SnapshotOutput {
    func openSegment(index: Int, vertex: String, instance: Int) throws(SnapshotStoreError) -> any SegmentOutput {
        throw SnapshotStoreError(.writeFailed, "the snapshot could not be started")
    }

    func commit(_ manifest: SnapshotManifest) throws(SnapshotStoreError) -> SnapshotManifest {
        throw SnapshotStoreError(.writeFailed, "the snapshot could not be started", snapshotID: manifest.id)
    }

    func discard() {}
}
