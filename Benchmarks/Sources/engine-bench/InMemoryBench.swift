import Atomics
import Foundation
import SlipstreamEngine

/// The in-memory part of engine-bench: source → map → filter → keyed count → sink, every stage its own vertex
/// (no fusion), with one instance per worker thread, on a private execution service.
enum InMemoryBench {
    /// An event of the benchmark stream.
    struct Event: Sendable {
        var key: Int
        var value: Int
    }

    /// The running count of a key, emitted by the keyed count for every event.
    struct KeyCount: Sendable {
        var key: Int
        var count: Int
    }

    /// Counts events per key in a dictionary of the instance's own keys; emits the running count per event.
    struct KeyedCountProcessor: Processor {
        var counts: [Int: Int] = [:]
        /// A count the outbox refused, emitted first on the next call.
        var pending: KeyCount?

        mutating func process(ordinal: Int, inbox: inout Inbox<Event>, outbox: Outbox<KeyCount>) {
            if let count = pending {
                guard outbox.offer(count) else { return }
                pending = nil
            }
            while let event = inbox.poll() {
                let count = Self.increment(&counts[event.key, default: 0])
                guard outbox.offer(KeyCount(key: event.key, count: count)) else {
                    pending = KeyCount(key: event.key, count: count)
                    return
                }
            }
        }

        static func increment(_ count: inout Int) -> Int {
            count &+= 1
            return count
        }
    }

    /// Counts what reaches it and adds the total to a shared figure when done.
    struct CountingSinkProcessor: Processor {
        typealias Output = Never
        let total: ManagedAtomic<Int>
        var seen = 0

        mutating func process(ordinal: Int, inbox: inout Inbox<KeyCount>, outbox: Outbox<Never>) {
            seen &+= inbox.count
            inbox.drainAll { _ in }
        }

        mutating func complete(outbox: Outbox<Never>) -> Bool {
            total.wrappingIncrement(by: seen, ordering: .relaxed)
            return true
        }
    }

    struct Result {
        let seconds: Double
        let itemsPerSecond: Double
        /// Items per second of CPU time used by the whole process: less sensitive to a loaded machine.
        let itemsPerCPUSecond: Double
        let received: Int
    }

    /// Runs the pipeline over `items` events with `threads` worker threads.
    static func run(items: Int, threads: Int, queueCapacity: Int = 1024, keys: Int = 10_000) throws -> Result {
        let received = ManagedAtomic<Int>(0)
        var dag = DAG()
        let source = dag.addVertex("source") { context in
            SequenceSourceProcessor(
                stride(from: context.instance, to: items, by: context.parallelism).lazy.map {
                    Event(key: $0 % keys, value: $0)
                })
        }
        let map = dag.addVertex("map") { _ in MapProcessor { (event: Event) in Event(key: event.key, value: event.value &* 3) } }
        let filter = dag.addVertex("filter") { _ in FilterProcessor { (event: Event) in event.value & 3 != 0 } }
        let count = dag.addVertex("keyed-count") { _ in KeyedCountProcessor() }
        let sink = dag.addVertex("sink") { _ in CountingSinkProcessor(total: received) }
        dag.addEdge(from: source, to: map, routing: .isolated)
        dag.addEdge(from: map, to: filter, routing: .isolated)
        dag.addEdge(from: filter, to: count, routing: .partitioned(by: { $0.key }))
        dag.addEdge(from: count, to: sink, routing: .isolated)

        let start = monotonicSeconds()
        let cpuStart = cpuSeconds()
        let job = try Job.start(
            dag, config: JobConfig(name: "in-memory-bench", queueCapacity: queueCapacity),
            cooperativeThreadCount: threads,
            balancesWorkers: ProcessInfo.processInfo.environment["ENGINE_BENCH_BALANCING"] != "0")
        try job.waitForCompletion()
        let seconds = monotonicSeconds() - start
        let cpu = cpuSeconds() - cpuStart
        return Result(
            seconds: seconds, itemsPerSecond: Double(items) / seconds, itemsPerCPUSecond: Double(items) / cpu,
            received: received.load(ordering: .relaxed))
    }

    static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// User and system CPU time of the process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Minor page faults and context switches (voluntary, involuntary) of the whole process so far.
    static func schedulingCounts() -> (faults: Int, voluntary: Int, involuntary: Int) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (usage.ru_minflt, usage.ru_nvcsw, usage.ru_nivcsw)
    }
}
