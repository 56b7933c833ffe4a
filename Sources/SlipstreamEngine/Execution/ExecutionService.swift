import Atomics
import Foundation

/// The threads that run jobs: a fixed pool of cooperative worker threads shared by the tasklets of every job
/// submitted to it, plus one thread per non-cooperative processor instance.
///
/// Cooperative tasklets are spread over the workers in turn; each worker calls its tasklets round after round and
/// backs off (spin, yield, then sleep up to 1 ms) when a round made no progress. A tasklet that emitted wakes
/// the sleeping threads of the tasklets it emits to, so a quiet pipeline passes an item on in microseconds,
/// not in sleeps. A worker with no tasklet waits without using CPU. While jobs run, a worker busier than another
/// by more than 15% of a core hands it tasklets (see ``WorkerBalancer``), so a heavy vertex of parallelism 1
/// does not leave the other workers idle; `balancesWorkers: false` keeps every tasklet where it was placed.
///
/// Keep one service per process (or per set of jobs that should share cores) and ``shutdown()`` it when done;
/// ``Job/start(_:config:cooperativeThreadCount:balancesWorkers:)`` makes a private one for a single job.
public final class ExecutionService: Sendable {
    /// The number of cooperative worker threads.
    public let cooperativeThreadCount: Int

    private let workers: [CooperativeWorker]
    /// Moves tasklets between the workers; `nil` when balancing is off or there is one worker.
    let balancer: WorkerBalancer?
    private let nextWorker = ManagedAtomic<Int>(0)
    private let isShutDown = ManagedAtomic<Bool>(false)

    /// Starts `cooperativeThreadCount` worker threads (default: one per active processor core), which move
    /// tasklets between them to even out their load unless `balancesWorkers` is `false`.
    public convenience init(
        cooperativeThreadCount: Int = ProcessInfo.processInfo.activeProcessorCount, balancesWorkers: Bool = true
    ) {
        self.init(
            cooperativeThreadCount: cooperativeThreadCount,
            balancing: balancesWorkers ? WorkerBalancer.Settings() : nil)
    }

    /// As the public initializer, with the balancer's settings (`nil`: no balancing).
    init(cooperativeThreadCount: Int, balancing: WorkerBalancer.Settings?) {
        precondition(cooperativeThreadCount >= 1, "cooperativeThreadCount must be at least 1")
        self.cooperativeThreadCount = cooperativeThreadCount
        // One worker has no one to balance with.
        let balancer = balancing.flatMap {
            cooperativeThreadCount > 1 ? WorkerBalancer(workerCount: cooperativeThreadCount, settings: $0) : nil
        }
        self.balancer = balancer
        self.workers = (0..<cooperativeThreadCount).map { CooperativeWorker(index: $0, balancer: balancer) }
        balancer?.attach(workers)
        for (index, worker) in workers.enumerated() {
            worker.start(name: "slipstream-worker-\(index)")
        }
    }

    deinit {
        shutdown()
    }

    /// Starts `dag` as a job on this service.
    ///
    /// - Throws: ``EngineError`` with ``EngineError/Code/invalidDAG`` if the DAG cannot run, or
    ///   ``EngineError/Code/invalidConfiguration`` if the service has been shut down.
    public func submit(_ dag: DAG, config: JobConfig = JobConfig()) throws -> Job {
        guard !isShutDown.load(ordering: .acquiring) else {
            throw EngineError(.invalidConfiguration, "the execution service has been shut down; use another one")
        }
        let execution = try JobBuilder(dag: dag, config: config, defaultParallelism: cooperativeThreadCount).build()
        if let balancer { execution.job.reportWorkers(of: balancer) }
        run(execution.tasklets)
        return Job(execution: execution.job)
    }

    /// Lets the worker threads exit once the jobs they run have ended. Jobs submitted later do not run.
    public func shutdown() {
        isShutDown.store(true, ordering: .releasing)
        for worker in workers { worker.stop() }
    }

    private func run(_ tasklets: [any Tasklet]) {
        // Each tasklet's home: a worker, or a thread of its own; then who wakes whom.
        let workerWakeups = workers.map(\.wakeup)
        var perWorker = Array(repeating: [any Tasklet](), count: workers.count)
        var alone: [(tasklet: any Tasklet, wakeup: ThreadWakeup)] = []
        var homeOf: [ObjectIdentifier: TaskletHome] = [:]
        var homes: [TaskletHome] = []
        for tasklet in tasklets {
            let home: TaskletHome
            if tasklet.isCooperative {
                let index = nextWorker.loadThenWrappingIncrement(ordering: .relaxed) % workers.count
                perWorker[index].append(tasklet)
                home = TaskletHome(wakeups: workerWakeups, worker: index)
            } else {
                let wakeup = ThreadWakeup()
                alone.append((tasklet, wakeup))
                home = TaskletHome(ownThread: wakeup)
            }
            homes.append(home)
            for queue in tasklet.inboundQueues { homeOf[queue] = home }
        }
        for (tasklet, home) in zip(tasklets, homes) {
            // Rung even when on the same worker: tasklets move, and a ring of a busy thread costs a fence.
            var downstream: [TaskletHome] = []
            for queue in tasklet.outboundQueues {
                guard let other = homeOf[queue], other !== home, !downstream.contains(where: { $0 === other })
                else { continue }
                downstream.append(other)
            }
            tasklet.place(at: home, wakingAfterOutput: downstream)
        }
        for (tasklet, wakeup) in alone {
            let thread = Thread { Self.runAlone(tasklet, wakeup: wakeup) }
            thread.name = "slipstream-\(tasklet.name)"
            thread.start()
        }
        for (worker, assigned) in zip(workers, perWorker) { worker.add(assigned) }
    }

    /// The loop of a non-cooperative tasklet's own thread.
    private static func runAlone(_ tasklet: any Tasklet, wakeup: ThreadWakeup) {
        var idler = BackoffIdler.nonCooperative(wakeup: wakeup)
        while true {
            switch tasklet.call() {
            case .madeProgress: idler.reset()
            case .noProgress: idler.idle()
            case .done, .wasAlreadyDone: return
            }
        }
    }
}
