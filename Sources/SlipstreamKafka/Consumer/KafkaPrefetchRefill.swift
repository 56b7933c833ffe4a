/// Decides when a consumer should wake librdkafka's fetcher, which otherwise leaves a drained prefetch queue empty
/// for up to a second.
///
/// librdkafka (2.0) stops fetching once the consumer's prefetch queue holds `queued.min.messages` records or
/// `queued.max.messages.kbytes` of payload, and decides again only when its broker thread next wakes: on a
/// response, a request to send, or its one-second timer. Fetching has nothing in flight while it is stopped, so
/// a consumer that empties the queue within that second waits, idle, for the rest of it: a backlog read faster
/// than about 64 MiB/s stalls in every cycle (librdkafka issue #2879). Any request the broker thread sends wakes
/// it, so the consumer sends one (an end-offset query) when the queue may have stopped fetching and has since fallen
/// to half of its limits.
///
/// The queue's record count is librdkafka's own; its payload size is estimated from the records polled so far.
/// Value semantics, no I/O: the consumer feeds it every poll and sends the wake-up when it says so.
struct KafkaPrefetchRefill {
    /// `queued.min.messages`: the record count at which librdkafka stops fetching.
    let recordLimit: Int
    /// `queued.max.messages.kbytes` in bytes: the payload size at which librdkafka stops fetching.
    let byteLimit: Int
    /// Whether the queue reached three quarters of a limit since the last wake-up: fetching may have stopped.
    private(set) var mayHaveStopped = false
    private var polledRecords = 0
    private var polledBytes = 0

    init(recordLimit: Int, byteLimit: Int) {
        self.recordLimit = max(1, recordLimit)
        self.byteLimit = max(1, byteLimit)
    }

    /// Records one poll, which took `records` records of `bytes` payload bytes and left `queueLength` records in
    /// the queue; returns whether to wake the fetcher now.
    mutating func polled(records: Int, bytes: Int, queueLength: Int) -> Bool {
        // The mean payload size, over a window that halves once it is large (it follows a changing stream).
        polledRecords &+= records
        polledBytes &+= bytes
        if polledRecords > 1 << 20 {
            polledRecords >>= 1
            polledBytes >>= 1
        }
        let queued = max(0, queueLength)
        let queuedBytes = polledRecords > 0 ? Int(Double(queued) * Double(polledBytes) / Double(polledRecords)) : 0
        if queued >= recordLimit / 4 * 3 || queuedBytes >= byteLimit / 4 * 3 {
            mayHaveStopped = true
            return false
        }
        guard mayHaveStopped, queued <= recordLimit / 2, queuedBytes <= byteLimit / 2 else { return false }
        mayHaveStopped = false
        return true
    }
}
