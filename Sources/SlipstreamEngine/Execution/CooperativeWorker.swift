import Atomics
import Foundation

/// One cooperative worker thread: it calls each of its tasklets in turn, forever, and backs off when a whole
/// round made no progress, until woken through ``wakeup``. It waits on a condition (using no CPU) while it has no
/// tasklet at all.
final class CooperativeWorker: @unchecked Sendable {
    // Thread safety: `incoming` and `stopping` are guarded by `condition`; `tasklets` belongs to the worker's
    // thread alone.

    /// Rung by whoever hands the worker's tasklets work.
    let wakeup = ThreadWakeup()

    private let condition = NSCondition()
    private var incoming: [any Tasklet] = []
    private var stopping = false
    private let hasIncoming = ManagedAtomic<Bool>(false)
    private var tasklets: [any Tasklet] = []

    /// Starts the worker's thread, which keeps the worker alive until it exits (after ``stop()``).
    func start(name: String) {
        let thread = Thread { self.run() }
        thread.name = name
        thread.start()
    }

    /// Adds tasklets; the worker picks them up at the start of its next round.
    func add(_ newTasklets: [any Tasklet]) {
        guard !newTasklets.isEmpty else { return }
        condition.lock()
        incoming += newTasklets
        hasIncoming.store(true, ordering: .releasing)
        condition.signal()
        condition.unlock()
        wakeup.ring()
    }

    /// Lets the thread exit once it has no tasklet left.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        wakeup.makeCurrent()
        var idler = BackoffIdler.cooperative(wakeup: wakeup)
        while true {
            if tasklets.isEmpty || hasIncoming.load(ordering: .acquiring) {
                condition.lock()
                while incoming.isEmpty && tasklets.isEmpty && !stopping { condition.wait() }
                if incoming.isEmpty && tasklets.isEmpty && stopping {
                    condition.unlock()
                    return
                }
                tasklets += incoming
                incoming.removeAll()
                hasIncoming.store(false, ordering: .relaxed)
                condition.unlock()
            }
            var progressed = false
            var i = 0
            while i < tasklets.count {
                switch tasklets[i].call() {
                case .madeProgress:
                    progressed = true
                    i += 1
                case .noProgress:
                    i += 1
                case .done, .wasAlreadyDone:
                    tasklets.swapAt(i, tasklets.count - 1)
                    tasklets.removeLast()
                    progressed = true
                }
            }
            if progressed { idler.reset() } else { idler.idle() }
        }
    }
}
