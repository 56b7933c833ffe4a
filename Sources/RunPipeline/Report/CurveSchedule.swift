/// When to write a learning-curve checkpoint: every `every` examples, or by default at a spacing that grows with
/// the stream (1,000 examples, or 1 % of those seen so far when that is more), so a long run gives a curve of a
/// few hundred points and computing the exact AUC at each costs a small share of the run.
struct CurveSchedule {
    private let every: Int?
    private(set) var next: Int

    init(every: Int?) {
        self.every = every
        next = every ?? 1_000
    }

    /// Whether `examples` is a checkpoint; moves the next one on when it is.
    mutating func isDue(_ examples: Int) -> Bool {
        guard examples >= next else { return false }
        next = examples + (every ?? max(1_000, examples / 100))
        return true
    }
}
