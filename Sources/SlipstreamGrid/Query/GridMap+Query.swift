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
        mailbox.submit(.init(key: key, reply: { box.fill($0) }))
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
            mailbox.submit(.init(key: key, reply: { continuation.resume(returning: $0) }))
        }
        return try result.get()
    }
}

extension GridMapView {
    /// Answers up to all queries waiting for this instance. Call it from the processor's step (for example
    /// once per batch): it never blocks, reads values without recording an access, and costs one `tryLock`
    /// when nothing waits. Returns the number of queries answered.
    @discardableResult
    public func serveQueries() -> Int {
        var batch: [GridQueryMailbox<Key, Value>.Request] = []
        guard mailbox.tryTakeAll(into: &batch), !batch.isEmpty else { return 0 }
        let time = now
        for request in batch {
            let hash = request.key.stableHash
            let p = Int(truncatingIfNeeded: hash % partitionCount)
            guard p % instanceCount == instance else {
                request.reply(.failure(.noOwner(partition: p)))
                continue
            }
            request.reply(.success(local[p / instanceCount].peek(request.key, hash: hash, now: time)))
        }
        return batch.count
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
