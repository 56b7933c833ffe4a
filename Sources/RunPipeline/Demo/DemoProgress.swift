import Slipstream

/// The demo's progress line: what was produced, scored, labelled and rejected so far, the progressive
/// quality of the scores, and where event time stands.
struct DemoProgress {
    let scenario: DemoScenario
    let start: ContinuousClock.Instant
    private var lastLine: ContinuousClock.Instant
    private var lastPayments = 0

    init(scenario: DemoScenario, start: ContinuousClock.Instant) {
        self.scenario = scenario
        self.start = start
        lastLine = start
    }

    /// Whether a line is due (`interval` after the previous one).
    mutating func isDue(every interval: Duration) -> Bool {
        ContinuousClock.now - lastLine >= interval
    }

    /// The line, and the rate since the previous line.
    mutating func line(
        produced: DemoTruth.Produced, figures: ScoreReader.Figures, counters: DemoCounters, learners: [LearnerFigures]
    ) -> String {
        let now = ContinuousClock.now
        let seconds = (now - lastLine).seconds
        let rate = seconds > 0 ? Double(produced.payments - lastPayments) / seconds : 0
        lastLine = now
        lastPayments = produced.payments
        let elapsed = Int((now - start).seconds.rounded())
        let day = produced.eventTime > 0 ? Double(produced.eventTime - scenario.eventStart) / 86_400_000 : 0
        var line = "[\(elapsed)s] day \(DemoText.decimal(day + 1, 1))  payments \(DemoText.count(produced.payments))"
        line += " (\(DemoText.count(Int(rate.rounded())))/s)  scored \(DemoText.count(figures.scores))"
        line += "  labels: \(DemoText.count(counters.labelsJoined)) chargebacks, \(DemoText.count(counters.negativesByTimeout)) genuine by timeout"
        line += "  dead letters \(DemoText.count(counters.deadLetters))"
        line += "  log loss \(DemoText.decimal(figures.logLoss.value, 4))  AUC \(DemoText.decimal(figures.auc.value, 3))"
        line += " (last 10k \(DemoText.decimal(figures.recentAUC.value, 3)))"
        if !learners.isEmpty {
            // The pipeline's own view: each learner judged by the labels it received, not by the generator's truth.
            line += "  learners: " + learners.map { "\($0.learner) AUC \(DemoText.decimal($0.rocAUC, 3))" }.joined(separator: ", ")
        }
        return line
    }
}
