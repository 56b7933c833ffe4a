import Foundation

/// Waits for the first of several events that arrive from unstructured tasks (a signal, the job's end), without
/// cancelling anything: cancelling a task that joins a job would cancel the job itself.
final class FirstOf<Event: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var event: Event?
    private var waiter: CheckedContinuation<Event, Never>?

    /// Offers `event`; only the first one offered is kept.
    func offer(_ event: Event) {
        lock.lock()
        guard self.event == nil else { return lock.unlock() }
        self.event = event
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.resume(returning: event)
    }

    /// The first event offered, waiting for it if need be.
    func value() async -> Event {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let event {
                lock.unlock()
                continuation.resume(returning: event)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }
}
