import Foundation
import Slipstream

/// What the demo shows when it ends, as text for people and as one JSON object for scripts and tests, and
/// whether the run verified: every valid payment scored exactly once, no bad one scored, every bad one in the
/// dead-letter topic.
struct DemoSummary {
    let scenario: DemoScenario
    let produced: DemoTruth.Produced
    let figures: ScoreReader.Figures
    /// p50, p99 and p99.9 of the latency the scores reported, milliseconds.
    let latencies: [Double]
    let counters: DemoCounters
    /// The pipeline's learners' own progressive figures (judged by the labels the pipeline received).
    let learners: [LearnerFigures]
    /// The dead letters in the dead-letter topic at the end, by reason.
    let deadLetterReasons: [String: Int]
    let deadLetterTopic: String
    let seconds: Double
    let interrupted: Bool
    /// Why the pipeline or the generator failed, if one did.
    let failure: String?

    /// Messages in the dead-letter topic at the end.
    var deadLettersInTopic: Int { deadLetterReasons.values.reduce(0, +) }

    var missing: Int { max(0, produced.payments - (figures.scores - figures.scoredBadPayments)) }

    var verified: Bool {
        failure == nil && missing == 0 && figures.duplicates == 0 && figures.scoredBadPayments == 0 && figures.unknown == 0
            && deadLettersInTopic == produced.badPayments
    }

    /// The log loss of always predicting the fraud rate (the best constant predictor).
    var baseRateLogLoss: Double {
        let p = Double(produced.frauds) / Double(max(1, produced.payments))
        guard p > 0 && p < 1 else { return 0 }
        return -(p * log(p) + (1 - p) * log(1 - p))
    }

    var text: String {
        let days = Double(produced.eventTime - scenario.eventStart) / 86_400_000
        var lines = ["", "Slipstream demo summary\(interrupted ? " (stopped early)" : "")"]
        lines.append(
            "  payments      \(DemoText.count(produced.payments)) in \(DemoText.decimal(seconds, 1)) s (\(DemoText.count(Int((Double(produced.payments) / max(seconds, 1e-9)).rounded())))/s), \(DemoText.decimal(days, 1)) days of event time; \(DemoText.count(produced.frauds)) fraudulent (\(DemoText.percent(produced.frauds, of: produced.payments)))")
        lines.append(
            "  scores        \(DemoText.count(figures.scores - figures.scoredBadPayments)) of \(DemoText.count(produced.payments)): \(missing == 0 && figures.duplicates == 0 ? "each payment exactly once" : "\(DemoText.count(missing)) missing, \(DemoText.count(figures.duplicates)) duplicates"); model version \(DemoText.count(Int(figures.modelVersion))) at the end")
        lines.append(
            "  latency       p50 \(DemoText.decimal(latencies[0], 2)) ms, p99 \(DemoText.decimal(latencies[1], 2)) ms, p99.9 \(DemoText.decimal(latencies[2], 2)) ms (payment read from Kafka to score ready to send)")
        lines.append(
            "  labels        \(DemoText.count(counters.labelsJoined)) chargebacks joined to the features served (\(DemoText.count(produced.fraudChargebacks)) for fraud, \(DemoText.count(produced.otherChargebacks)) other disputes sent); \(DemoText.count(counters.negativesByTimeout)) payments trained as genuine when their \(DemoText.duration(scenario.labelWindowMilliseconds)) window closed")
        lines.append(
            "  dead letters  \(DemoText.count(produced.badPayments)) bad payments sent, \(DemoText.count(deadLettersInTopic)) in \(deadLetterTopic)\(figures.scoredBadPayments > 0 ? ", \(DemoText.count(figures.scoredBadPayments)) SCORED" : ", none scored")")
        for (reason, count) in deadLetterReasons.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            lines.append("                \(DemoText.count(count)) × \(reason)")
        }
        lines.append(
            "  quality       ROC AUC \(DemoText.decimal(figures.auc.value, 3)) vs 0.500 for a constant predictor; log loss \(DemoText.decimal(figures.logLoss.value, 4)) vs \(DemoText.decimal(baseRateLogLoss, 4)) for the fraud rate")
        lines.append(
            "                after the first \(DemoText.duration(scenario.labelWindowMilliseconds)) (once genuine payments train too): ROC AUC \(DemoText.decimal(figures.steadyAUC.value, 3)), log loss \(DemoText.decimal(figures.steadyLogLoss.value, 4))")
        for learner in learners {
            lines.append(
                "                learner \(learner.learner)\(learner.isServing ? " (serving)" : " (challenger)"), judged by the labels it received: ROC AUC \(DemoText.decimal(learner.rocAUC, 3)), log loss \(DemoText.decimal(learner.logLoss, 4)), \(DemoText.count(Int(learner.examplesLearned))) examples learnt")
        }
        let thirds = figures.aucByThird.map { DemoText.decimal($0.value, 3) }
        lines.append("                AUC by third of the demo: \(thirds.joined(separator: ", ")) (patterns change: \(FraudPattern.allCases.map(\.title).joined(separator: "; ")))")
        if let example = figures.example {
            lines.append(
                "  example       \(example.id), \(example.pattern.title), scored \(DemoText.decimal(example.score, 3))\(example.reasons.isEmpty ? "" : ": \(example.reasons.joined(separator: ", "))")")
        }
        if let failure { lines.append("  FAILED        \(failure)") }
        lines.append(
            verified
                ? "  verified      every payment scored exactly once, no bad input scored, every bad input dead-lettered"
                : "  NOT VERIFIED  see the lines above")
        return lines.joined(separator: "\n")
    }

    var json: String {
        func number(_ value: Double) -> String { value.isFinite ? String(format: "%.6g", value) : "null" }
        let fields: [(String, String)] = [
            ("payments", "\(produced.payments)"), ("frauds", "\(produced.frauds)"),
            ("scores", "\(figures.scores - figures.scoredBadPayments)"), ("missing", "\(missing)"),
            ("duplicates", "\(figures.duplicates)"), ("bad_payments", "\(produced.badPayments)"),
            ("bad_payments_scored", "\(figures.scoredBadPayments)"), ("dead_letters", "\(deadLettersInTopic)"),
            ("labels_joined", "\(counters.labelsJoined)"), ("negatives_by_timeout", "\(counters.negativesByTimeout)"),
            ("examples_learned", "\(counters.examplesLearned)"), ("model_version", "\(figures.modelVersion)"),
            ("auc", number(figures.auc.value)), ("constant_auc", "0.5"), ("logloss", number(figures.logLoss.value)),
            ("base_rate_logloss", number(baseRateLogLoss)), ("steady_auc", number(figures.steadyAUC.value)),
            ("steady_logloss", number(figures.steadyLogLoss.value)),
            ("auc_by_third", "[" + figures.aucByThird.map { number($0.value) }.joined(separator: ",") + "]"),
            ("latency_p50_ms", number(latencies[0])), ("latency_p99_ms", number(latencies[1])),
            ("latency_p999_ms", number(latencies[2])), ("seconds", number(seconds)),
            ("events_per_s", number(Double(produced.payments) / max(seconds, 1e-9))),
            ("verified", verified ? "true" : "false"),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}
