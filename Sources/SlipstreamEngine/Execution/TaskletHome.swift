import Atomics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a tasklet runs now: the wake-up of its thread, for whoever hands the tasklet work.
///
/// A cooperative tasklet can change workers while its job runs (``WorkerBalancer`` moves tasklets off a worker
/// that is busier than another), so the tasklets upstream of it, and client threads such as a Kafka poller, ring
/// the tasklet's home rather than a thread. A ring that races with a move may reach the old worker; the moved
/// tasklet is then found by the new worker's next round, at most one idle back-off (1 ms) later.
final class TaskletHome: Sendable {
    /// The wake-ups of the threads the tasklet may run on: every worker's, or its own thread's alone.
    private let wakeups: [ThreadWakeup]
    private let worker: ManagedAtomic<Int>

    /// A home on worker `worker` of the ones whose wake-ups are `wakeups`.
    init(wakeups: [ThreadWakeup], worker: Int) {
        precondition(wakeups.indices.contains(worker), "worker \(worker) is not one of \(wakeups.count)")
        self.wakeups = wakeups
        self.worker = ManagedAtomic(worker)
    }

    /// The home of a tasklet with a thread of its own.
    convenience init(ownThread wakeup: ThreadWakeup) {
        self.init(wakeups: [wakeup], worker: 0)
    }

    /// The index of the worker running the tasklet.
    var workerIndex: Int { worker.load(ordering: .acquiring) }

    /// Records that the tasklet now runs on worker `index`; called by the worker handing it over.
    func move(to index: Int) {
        precondition(wakeups.indices.contains(index), "worker \(index) is not one of \(wakeups.count)")
        worker.store(index, ordering: .releasing)
    }

    /// Wakes the tasklet's thread if it sleeps for lack of work. Call after publishing the work.
    func ring() {
        wakeups[worker.load(ordering: .acquiring)].ring()
    }

    // MARK: - The running tasklet's home

    /// The home of the tasklet the current thread is running; `nil` outside the engine's calls.
    static var current: TaskletHome? {
        guard let pointer = pthread_getspecific(currentHomeKey) else { return nil }
        return Unmanaged<TaskletHome>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Makes this the current thread's tasklet home, while the tasklet (which keeps it alive) runs.
    func makeCurrent() {
        pthread_setspecific(currentHomeKey, Unmanaged.passUnretained(self).toOpaque())
    }
}

private let currentHomeKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key, nil)
    precondition(status == 0, "cannot create the thread-specific key of tasklet homes (\(status))")
    return key
}()
