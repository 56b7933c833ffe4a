import Atomics

/// Evens out the load of an ``ExecutionService``'s cooperative workers by moving tasklets from a busy worker to
/// an idler one while jobs run.
///
/// Why: tasklets are placed in turn, so instance *i* of every vertex tends to share a worker, and a vertex of
/// parallelism 1 (a learner, a global aggregate) adds all its work to one of them. In the fraud pipeline that
/// left one worker busy all the time and the other 40% idle. Jet keeps tasklets where they were placed; here each
/// worker measures, every ``Settings/period``, the busy time of its tasklets (time in calls that made progress),
/// publishes its load, and when it is busier than the least busy worker by at least ``Settings/minimumGap``,
/// hands that worker one tasklet whose recent load is at most half the gap (so a move never overshoots). A moved
/// tasklet stays put for ``Settings/cooldown``.
///
/// Thread safety: loads are atomics; each worker decides for its own tasklets, on its own thread, and hands one
/// over through the receiving worker's lock.
final class WorkerBalancer: @unchecked Sendable {
    // Thread safety: `workers` is set once, before any worker thread starts, and only read afterwards.

    /// When and how much to rebalance.
    struct Settings: Sendable {
        /// How often a worker measures its load and may hand a tasklet over, nanoseconds.
        var period = 50_000_000
        /// The least difference in load (busy share of one core, in thousandths) worth a move.
        var minimumGap = 150
        /// How long a moved tasklet stays on its new worker, nanoseconds.
        var cooldown = 500_000_000
        /// A tasklet busier than this (thousandths of a core) over the last period may be moved.
        var minimumTaskletLoad = 5
    }

    /// A load no worker has: a worker that stopped takes no tasklets.
    static let gone = Int.max

    let settings: Settings
    /// Each worker's load over its last period, in thousandths of a core.
    private let loads: [ManagedAtomic<Int>]
    private let moves = ManagedAtomic<Int>(0)
    private(set) var workers: [CooperativeWorker] = []

    init(workerCount: Int, settings: Settings) {
        self.settings = settings
        loads = (0..<workerCount).map { _ in ManagedAtomic(0) }
    }

    /// Called once, before the workers start.
    func attach(_ workers: [CooperativeWorker]) {
        precondition(workers.count == loads.count && self.workers.isEmpty)
        self.workers = workers
    }

    /// Publishes worker `index`'s load.
    func publish(load: Int, of index: Int) {
        loads[index].store(load, ordering: .relaxed)
    }

    /// The workers still running, with their last published loads.
    var workerMetrics: [WorkerMetrics] {
        loads.indices.compactMap { index in
            let load = loads[index].load(ordering: .relaxed)
            return load == Self.gone ? nil : WorkerMetrics(worker: index, load: Double(load) / 1000)
        }
    }

    /// Tasklets moved so far.
    var moveCount: Int { moves.load(ordering: .relaxed) }

    /// Counts a move.
    func recordMove() {
        moves.wrappingIncrement(ordering: .relaxed)
    }

    /// The least loaded worker other than `index`, and its load; `nil` if every other worker has stopped.
    func leastLoaded(excluding index: Int) -> (index: Int, load: Int)? {
        var best: (index: Int, load: Int)?
        for other in loads.indices where other != index {
            let load = loads[other].load(ordering: .relaxed)
            if load != Self.gone, best == nil || load < best!.load { best = (other, load) }
        }
        return best
    }
}
