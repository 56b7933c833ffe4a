import Atomics
import Foundation

/// The threads that run jobs: a fixed pool of cooperative worker threads shared by the tasklets of every job
/// submitted to it, plus one thread per non-cooperative processor instance.
///
/// Cooperative tasklets are spread over the workers in turn; each worker calls its tasklets round after round and
/// backs off (spin, yield, then sleep up to 1 ms) when a round made no progress. A tasklet that emitted wakes
/// the sleeping threads of the tasklets it emits to, so a quiet pipeline passes an item on in microseconds,
/// not in sleeps. A worker with no tasklet waits without using CPU.
///
/// Keep one service per process (or per set of jobs that should share cores) and ``shutdown()`` it when done;
/// ``Job/start(_:config:cooperativeThreadCount:)`` makes a private one for a single job.
public final class ExecutionService: Sendable {
    /// The number of cooperative worker threads.
    public let cooperativeThreadCount: Int

    private let workers: [CooperativeWorker]
    private let nextWorker = ManagedAtomic<Int>(0)
    private let isShutDown = ManagedAtomic<Bool>(false)

    /// Starts `cooperativeThreadCount` worker threads. Default: one per active processor core.
    public init(cooperativeThreadCount: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(cooperativeThreadCount >= 1, "cooperativeThreadCount must be at least 1")
        self.cooperativeThreadCount = cooperativeThreadCount
        self.workers = (0..<cooperativeThreadCount).map { _ in CooperativeWorker() }
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
        run(execution.tasklets)
        return Job(execution: execution.job)
    }

    /// Lets the worker threads exit once the jobs they run have ended. Jobs submitted later do not run.
    public func shutdown() {
        isShutDown.store(true, ordering: .releasing)
        for worker in workers { worker.stop() }
    }

    private func run(_ tasklets: [any Tasklet]) {
        // Each tasklet's thread: a worker's, or one of its own; then who wakes whom.
        var perWorker = Array(repeating: [any Tasklet](), count: workers.count)
        var alone: [(tasklet: any Tasklet, wakeup: ThreadWakeup)] = []
        var wakeupOf: [ObjectIdentifier: ThreadWakeup] = [:]
        var placed: [(tasklet: any Tasklet, wakeup: ThreadWakeup)] = []
        for tasklet in tasklets {
            let wakeup: ThreadWakeup
            if tasklet.isCooperative {
                let index = nextWorker.loadThenWrappingIncrement(ordering: .relaxed) % workers.count
                perWorker[index].append(tasklet)
                wakeup = workers[index].wakeup
            } else {
                wakeup = ThreadWakeup()
                alone.append((tasklet, wakeup))
            }
            placed.append((tasklet, wakeup))
            for queue in tasklet.inboundQueues { wakeupOf[queue] = wakeup }
        }
        for (tasklet, own) in placed {
            var downstream: [ThreadWakeup] = []
            for queue in tasklet.outboundQueues {
                // A consumer on the tasklet's own thread runs in the same round: no wake needed.
                guard let wakeup = wakeupOf[queue], wakeup !== own, !downstream.contains(where: { $0 === wakeup })
                else { continue }
                downstream.append(wakeup)
            }
            tasklet.wakeAfterOutput(downstream)
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
        wakeup.makeCurrent()
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
