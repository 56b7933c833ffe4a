import SlipstreamEngine

/// What one batch of a scoring stage counted, added to the vertex counters once per batch (an atomic add per
/// counter per batch, never per event).
@usableFromInline
struct LearningTally {
    @usableFromInline var scored = 0
    @usableFromInline var examplesLearned = 0
    @usableFromInline var labelsMatched = 0
    @usableFromInline var windowsClosed = 0
    @usableFromInline var labelsUnmatched = 0
    @usableFromInline var invalidLabels = 0
    @usableFromInline var invalidFeatures = 0
    @usableFromInline var examplesRejected = 0
    @usableFromInline var modelSwaps = 0

    @usableFromInline init() {}
}

/// The vertex counters of a scoring stage (``LearningCounterNames``), looked up once.
@usableFromInline
struct LearningCounters {
    let scored: Counter
    let examplesLearned: Counter
    let labelsMatched: Counter
    let windowsClosed: Counter
    let labelsUnmatched: Counter
    let invalidLabels: Counter
    let invalidFeatures: Counter
    let examplesRejected: Counter
    let modelSwaps: Counter
    let modelReloadFailures: Counter

    @usableFromInline
    init(_ counters: ProcessorCounters = ProcessorCounters()) {
        scored = counters.counter(LearningCounterNames.scored)
        examplesLearned = counters.counter(LearningCounterNames.examplesLearned)
        labelsMatched = counters.counter(LearningCounterNames.labelsMatched)
        windowsClosed = counters.counter(LearningCounterNames.windowsClosedUnlabelled)
        labelsUnmatched = counters.counter(LearningCounterNames.labelsUnmatched)
        invalidLabels = counters.counter(LearningCounterNames.invalidLabels)
        invalidFeatures = counters.counter(LearningCounterNames.invalidFeatures)
        examplesRejected = counters.counter(LearningCounterNames.examplesRejected)
        modelSwaps = counters.counter(LearningCounterNames.modelSwaps)
        modelReloadFailures = counters.counter(LearningCounterNames.modelReloadFailures)
    }

    /// Adds `tally` to the counters and clears it.
    @usableFromInline
    func add(_ tally: inout LearningTally) {
        func add(_ counter: Counter, _ amount: Int) { if amount != 0 { counter.add(amount) } }
        add(scored, tally.scored)
        add(examplesLearned, tally.examplesLearned)
        add(labelsMatched, tally.labelsMatched)
        add(windowsClosed, tally.windowsClosed)
        add(labelsUnmatched, tally.labelsUnmatched)
        add(invalidLabels, tally.invalidLabels)
        add(invalidFeatures, tally.invalidFeatures)
        add(examplesRejected, tally.examplesRejected)
        add(modelSwaps, tally.modelSwaps)
        tally = LearningTally()
    }
}
