import Atomics
import Foundation

/// One cooperative worker thread: it calls each of its tasklets in turn, forever, and backs off when a whole
/// round made no progress, until woken through ``wakeup``. It waits on a condition (using no CPU) while it has no
/// tasklet at all. With a ``WorkerBalancer`` it measures its load every period and may hand a tasklet to a less
/// busy worker.
final class CooperativeWorker: @unchecked Sendable {
    // Thread safety: `incoming`, `stopping` and `exited` are guarded by `condition`; `tasklets` belongs to the
    // worker's thread alone.

    /// A tasklet and what the balancer needs to know of it.
    private struct Entry {
        let tasklet: any Tasklet
        /// Its busy time at the last measurement, nanoseconds.
        var busyAtCheck: Int
        /// Before this instant (monotonic nanoseconds) it is not moved again.
        var movableAfter: Int
        /// Its busy time over the last period, nanoseconds.
        var recentBusy = 0
    }

    /// Rung by whoever hands the worker's tasklets work.
    let wakeup = ThreadWakeup()
    /// This worker's position among the service's workers.
    let index: Int

    private let condition = NSCondition()
    private var incoming: [(tasklet: any Tasklet, wasMoved: Bool)] = []
    private var stopping = false
    private var exited = false
    private let hasIncoming = ManagedAtomic<Bool>(false)
    private var tasklets: [Entry] = []
    /// Set until the thread exits, which drops it (the balancer holds the workers).
    private var balancer: WorkerBalancer?

    init(index: Int, balancer: WorkerBalancer?) {
        self.index = index
        self.balancer = balancer
    }

    /// Starts the worker's thread, which keeps the worker alive until it exits (after ``stop()``).
    func start(name: String) {
        let thread = Thread { self.run() }
        thread.name = name
        thread.start()
    }

    /// Adds tasklets; the worker picks them up at the start of its next round. Returns `false`, taking none,
    /// when the worker's thread has exited.
    @discardableResult
    func add(_ newTasklets: [any Tasklet], wereMoved: Bool = false) -> Bool {
        guard !newTasklets.isEmpty else { return true }
        condition.lock()
        guard !exited else {
            condition.unlock()
            return false
        }
        incoming += newTasklets.map { ($0, wereMoved) }
        hasIncoming.store(true, ordering: .releasing)
        condition.signal()
        condition.unlock()
        wakeup.ring()
        return true
    }

    /// Lets the thread exit once it has no tasklet left.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        var idler = BackoffIdler.cooperative(wakeup: wakeup)
        var lastCheck = Int(monotonicNanoseconds())
        while true {
            if tasklets.isEmpty || hasIncoming.load(ordering: .acquiring) {
                guard takeIncoming(now: &lastCheck) else { return }
            }
            var progressed = false
            var i = 0
            while i < tasklets.count {
                switch tasklets[i].tasklet.call() {
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
            if let balancer {
                let now = Int(monotonicNanoseconds())
                if now &- lastCheck >= balancer.settings.period {
                    rebalance(balancer, elapsed: now &- lastCheck, now: now)
                    lastCheck = now
                }
            }
        }
    }

    /// Takes the tasklets handed over, waiting while there is none at all; returns `false` when the thread
    /// should exit.
    private func takeIncoming(now lastCheck: inout Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if incoming.isEmpty && tasklets.isEmpty && !stopping {
            // Nothing to run: an ideal target for other workers' tasklets meanwhile.
            balancer?.publish(load: 0, of: index)
            while incoming.isEmpty && tasklets.isEmpty && !stopping { condition.wait() }
            lastCheck = Int(monotonicNanoseconds())
        }
        if incoming.isEmpty && tasklets.isEmpty && stopping {
            exited = true
            balancer?.publish(load: WorkerBalancer.gone, of: index)
            balancer = nil
            return false
        }
        let now = Int(monotonicNanoseconds())
        for (tasklet, wasMoved) in incoming {
            let cooldown = wasMoved ? balancer?.settings.cooldown ?? 0 : 0
            tasklets.append(
                Entry(tasklet: tasklet, busyAtCheck: tasklet.busyNanoseconds, movableAfter: now &+ cooldown))
        }
        incoming.removeAll()
        hasIncoming.store(false, ordering: .relaxed)
        return true
    }

    /// Measures this worker's load over the last `elapsed` nanoseconds, publishes it, and hands one tasklet to
    /// the least busy worker if this one is busier by enough.
    private func rebalance(_ balancer: WorkerBalancer, elapsed: Int, now: Int) {
        var busy = 0
        for i in tasklets.indices {
            let total = tasklets[i].tasklet.busyNanoseconds
            tasklets[i].recentBusy = total &- tasklets[i].busyAtCheck
            tasklets[i].busyAtCheck = total
            busy &+= tasklets[i].recentBusy
        }
        // Loads in thousandths of a core: busy nanoseconds per microsecond elapsed.
        let microseconds = max(elapsed / 1000, 1)
        let load = busy / microseconds
        balancer.publish(load: load, of: index)
        let settings = balancer.settings
        guard let target = balancer.leastLoaded(excluding: index), load - target.load >= settings.minimumGap
        else { return }
        // The busiest tasklet that moves at most half the gap, so that the target does not end up the busier.
        let limit = (load - target.load) / 2
        var chosen: Int?
        for i in tasklets.indices where tasklets[i].movableAfter <= now {
            let taskletLoad = tasklets[i].recentBusy / microseconds
            guard taskletLoad >= settings.minimumTaskletLoad, taskletLoad <= limit else { continue }
            if chosen == nil || tasklets[i].recentBusy > tasklets[chosen!].recentBusy { chosen = i }
        }
        guard let chosen else { return }
        let tasklet = tasklets[chosen].tasklet
        tasklet.home.move(to: target.index)
        guard balancer.workers[target.index].add([tasklet], wereMoved: true) else {
            // The target's thread has exited: the tasklet stays.
            tasklet.home.move(to: index)
            return
        }
        tasklets.swapAt(chosen, tasklets.count - 1)
        tasklets.removeLast()
        balancer.recordMove()
    }
}
