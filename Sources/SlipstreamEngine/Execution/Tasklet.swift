/// What a call of a tasklet achieved, as in Jet's `ProgressState`: it tells a worker whether to back off.
enum ProgressState: Sendable {
    /// Nothing could be done (no input, or the outbox is full): the worker may idle if no tasklet progressed.
    case noProgress
    /// Something was done; call again soon.
    case madeProgress
    /// The tasklet finished in this call; do not call again.
    case done
    /// The tasklet had already finished.
    case wasAlreadyDone
}

/// A unit of work a worker thread calls repeatedly; each call does a bounded amount of work and never blocks
/// (unless the tasklet is not cooperative and has a thread of its own).
protocol Tasklet: AnyObject, Sendable {
    /// Whether the tasklet shares a cooperative worker (`true`) or needs a thread of its own.
    var isCooperative: Bool { get }
    /// A name for thread names and logs: `vertex#instance`.
    var name: String { get }
    /// Does one bounded step of work.
    func call() -> ProgressState
    /// The queues the tasklet reads and writes, to find which threads its output wakes.
    var inboundQueues: [ObjectIdentifier] { get }
    var outboundQueues: [ObjectIdentifier] { get }
    /// Sets where the tasklet runs and the homes of the tasklets it emits to (other than itself), rung after
    /// every call that made progress. Called once, before the tasklet's thread first calls it.
    func place(at home: TaskletHome, wakingAfterOutput downstream: [TaskletHome])
    /// Where the tasklet runs; set by ``place(at:wakingAfterOutput:)``.
    var home: TaskletHome { get }
    /// Time spent in calls that made progress so far, nanoseconds: what the worker balancer weighs.
    var busyNanoseconds: Int { get }
}
