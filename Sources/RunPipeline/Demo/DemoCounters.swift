import Slipstream

/// The pipeline's own figures the demo shows, summed over the job's vertices.
struct DemoCounters {
    /// Records the sources sent to the dead-letter topic.
    var deadLetters = 0
    /// Chargebacks joined to the features served for their payment.
    var labelsJoined = 0
    /// Payments whose label window closed without a chargeback (learnt as genuine).
    var negativesByTimeout = 0
    /// Examples the serving learner learnt.
    var examplesLearned = 0
    /// Events late by event time, dropped (counted by the stages that track event time).
    var lateEvents = 0

    init() {}

    init(_ metrics: JobMetrics) {
        func sum(_ name: String) -> Int {
            metrics.vertices.reduce(0) { $0 + ($1.counters[name] ?? 0) }
        }
        deadLetters = sum(Counter.Name.deadLetters)
        lateEvents = sum(Counter.Name.lateEvents)
        labelsJoined = sum("labelsMatched")
        negativesByTimeout = sum("windowsClosedUnlabelled")
        examplesLearned = sum("examplesLearned")
    }
}
