import Dispatch
import Foundation

// Reading a running job's state from another thread (a scoring endpoint, `run-pipeline` inspection).
//
// The owner's hot path stays lock-free: a query is a request handed to the instance owning the key's partition,
// which answers it from `GridMapView.serveQueries()` on its next step, reading the value on its own thread. The
// answer is therefore consistent with the stream position the owner had reached at that step.

extension GridMap where Value: Sendable {
    /// The live value of `key` in the running job, waiting at most `timeout` for its owner to answer.
    /// Blocks the calling thread; do not call it from a processor's thread.
    public func query(_ key: Key, timeout: Duration = .seconds(5)) throws(GridQueryError) -> Value? {
        let partition = partitioner.partition(of: key)
        guard let mailbox = mailbox(forPartition: partition) else { throw .noOwner(partition: partition) }
        let box = QueryReplyBox<Value>()
        mailbox.submit(.value(key, reply: { box.fill($0) }))
        let ms = max(0, timeout.gridMilliseconds)
        guard box.semaphore.wait(timeout: .now() + .milliseconds(Int(clamping: ms))) == .success else {
            throw .timedOut
        }
        return try box.take().get()
    }

    /// The live value of `key` in the running job, suspending until its owner answers (or stops).
    public func query(_ key: Key) async throws(GridQueryError) -> Value? {
        let partition = partitioner.partition(of: key)
        guard let mailbox = mailbox(forPartition: partition) else { throw .noOwner(partition: partition) }
        let result: Result<Value?, GridQueryError> = await withCheckedContinuation { continuation in
            mailbox.submit(.value(key, reply: { continuation.resume(returning: $0) }))
        }
        return try result.get()
    }
}

extension GridMap {
    /// The figures of every partition owned by a running instance (partitions without an owner are left
    /// out), waiting at most `timeout` for all owners to answer. Blocks the calling thread.
    public func statistics(timeout: Duration = .seconds(5)) throws(GridQueryError) -> GridMapStatistics {
        let boxes = liveMailboxes().map { mailbox in
            let box = QueryReplyBox<[GridPartitionStatistics]>()
            mailbox.submit(.statistics(reply: { box.fill($0.map { Optional($0) }) }))
            return box
        }
        let deadline = DispatchTime.now() + .milliseconds(Int(clamping: max(0, timeout.gridMilliseconds)))
        var partitions: [GridPartitionStatistics] = []
        for box in boxes {
            guard box.semaphore.wait(timeout: deadline) == .success else { throw .timedOut }
            partitions += try box.take().get() ?? []
        }
        return GridMapStatistics(partitions: partitions.sorted { $0.partition < $1.partition })
    }
}

extension GridMapView {
    /// Answers the queries waiting for this instance. Call it from the processor's step (for example once per
    /// batch): it never blocks, reads values without recording an access, and costs one `tryLock` when
    /// nothing waits. Returns the number of queries answered.
    @discardableResult
    public func serveQueries() -> Int {
        var batch: [GridQueryMailbox<Key, Value>.Request] = []
        guard mailbox.tryTakeAll(into: &batch), !batch.isEmpty else { return 0 }
        let time = now
        for request in batch {
            switch request {
            case let .value(key, reply):
                let hash = key.stableHash
                let p = Int(truncatingIfNeeded: hash % partitionCount)
                guard p % instanceCount == instance else {
                    reply(.failure(.noOwner(partition: p)))
                    continue
                }
                reply(.success(local[p / instanceCount].peek(key, hash: hash, now: time)))
            case let .statistics(reply):
                reply(.success(statistics.partitions))
            }
        }
        return batch.count
    }

    /// The figures of this view's partitions (on the owner's thread).
    public var statistics: GridMapStatistics {
        GridMapStatistics(partitions: local.map {
            GridPartitionStatistics(partition: $0.id, entries: $0.entryCount, estimatedBytes: $0.estimatedBytes,
                                    expired: $0.expiredCount, evicted: $0.evictedCount)
        })
    }
}

/// The single-use rendezvous between a blocking reader and the owner's answer.
private final class QueryReplyBox<Value>: @unchecked Sendable {
    // @unchecked: `result` is written once under `lock` before `semaphore` is signalled, read after the wait.
    let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Result<Value?, GridQueryError>?

    func fill(_ r: Result<Value?, GridQueryError>) {
        lock.withLock { result = r }
        semaphore.signal()
    }

    func take() -> Result<Value?, GridQueryError> {
        lock.withLock { result ?? .failure(.timedOut) }
    }
}
