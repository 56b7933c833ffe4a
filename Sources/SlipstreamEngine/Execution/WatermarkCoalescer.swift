/// Coalesces the watermarks of all input queues of a processor instance into one: the minimum over the queues
/// that are neither done nor idle. Nothing is emitted until every open queue has sent a watermark; when all open
/// queues are idle, ``Watermark/idle`` is emitted once.
struct WatermarkCoalescer {
    private var watermarks: [Int64]
    private var idle: [Bool]
    private var done: [Bool]
    private var emitter = WatermarkEmitter()

    /// Creates a coalescer for `queueCount` queues.
    init(queueCount: Int) {
        watermarks = Array(repeating: Int64.min, count: queueCount)
        idle = Array(repeating: false, count: queueCount)
        done = Array(repeating: false, count: queueCount)
    }

    /// Records a watermark from `queue`; returns the watermark to forward, if the coalesced one changed.
    mutating func observe(_ watermark: Watermark, fromQueue queue: Int) -> Watermark? {
        if watermark.isIdle {
            idle[queue] = true
        } else {
            idle[queue] = false
            watermarks[queue] = max(watermarks[queue], watermark.timestamp)
        }
        return coalesce()
    }

    /// Records that `queue` has ended; returns the watermark to forward, if the coalesced one changed.
    mutating func markDone(queue: Int) -> Watermark? {
        done[queue] = true
        return coalesce()
    }

    private mutating func coalesce() -> Watermark? {
        var minimum: Int64?
        var anyOpen = false
        for queue in watermarks.indices where !done[queue] {
            anyOpen = true
            if idle[queue] { continue }
            minimum = min(minimum ?? Int64.max, watermarks[queue])
        }
        guard anyOpen else { return nil }
        return emitter.next(minimumOfActive: minimum)
    }
}
