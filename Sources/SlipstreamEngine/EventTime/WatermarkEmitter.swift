/// The emission rule shared by a source's ``EventTimeTracker`` (over its partitions) and a processor's
/// coalescer (over its input queues): given the minimum watermark of the inputs that are active now, it says
/// what to forward, so that watermarks never go back, idleness is announced once, and leaving idleness never
/// forwards less than what was forwarded before.
struct WatermarkEmitter: Sendable {
    /// The last watermark forwarded (`Int64.min` for none).
    private(set) var lastEmitted = Int64.min
    private var emittedIdle = false

    /// What to forward now, if anything.
    ///
    /// - Parameter minimum: the minimum watermark over the active inputs (`Int64.min` while one of them has none
    ///   yet), or `nil` when every input is idle.
    mutating func next(minimumOfActive minimum: Int64?) -> Watermark? {
        guard let minimum else {
            if emittedIdle { return nil }
            emittedIdle = true
            return .idle
        }
        guard minimum != Int64.min else { return nil }
        if emittedIdle {
            // Leaving idle: re-enter with a watermark, never below one already forwarded.
            emittedIdle = false
            lastEmitted = max(lastEmitted, minimum)
            return Watermark(lastEmitted)
        }
        guard minimum > lastEmitted else { return nil }
        lastEmitted = minimum
        return Watermark(minimum)
    }

    /// Starts again from a restored last watermark, not idle.
    mutating func restore(lastEmitted watermark: Int64) {
        lastEmitted = watermark
        emittedIdle = false
    }
}
