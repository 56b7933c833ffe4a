import Foundation

/// Requests from other threads waiting for one processor instance to read its partitions.
///
/// Readers append under a lock; the owner takes the whole batch with `tryLock` from its step, so the owner never
/// waits for a reader (if a reader holds the lock at that instant, the batch is taken at the next step).
final class GridQueryMailbox<Key: PartitionKey, Value>: @unchecked Sendable {
    // @unchecked: `pending` and `closed` are only touched under `lock`.
    enum Request {
        /// The live value of a key.
        case value(Key, reply: @Sendable (Result<Value?, GridQueryError>) -> Void)
        /// The figures of every partition the owner holds.
        case statistics(reply: @Sendable (Result<[GridPartitionStatistics], GridQueryError>) -> Void)

        func fail(_ error: GridQueryError) {
            switch self {
            case let .value(_, reply): reply(.failure(error))
            case let .statistics(reply): reply(.failure(error))
            }
        }
    }

    private let lock = NSLock()
    private var pending: [Request] = []
    private var closed = false

    /// Queues `request`; answers it with `.ownerStopped` at once if the owner has released its partitions.
    func submit(_ request: Request) {
        let accepted = lock.withLock {
            if closed { return false }
            pending.append(request)
            return true
        }
        if !accepted { request.fail(.ownerStopped) }
    }

    /// Moves the waiting requests into `batch` without ever blocking; returns false if the lock was busy.
    func tryTakeAll(into batch: inout [Request]) -> Bool {
        guard lock.try() else { return false }
        defer { lock.unlock() }
        if pending.isEmpty { return true }
        swap(&batch, &pending)
        return true
    }

    /// Refuses further requests and fails the waiting ones.
    func close() {
        let failed: [Request] = lock.withLock {
            closed = true
            defer { pending = [] }
            return pending
        }
        for r in failed { r.fail(.ownerStopped) }
    }
}
