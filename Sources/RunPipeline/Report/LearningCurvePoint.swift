import Foundation

/// One checkpoint of a learning curve: a learner's progressive (predict, then learn) metrics at a moment of the
/// stream. A learning-curve file holds one per line, as JSON (JSON Lines); `run-pipeline evaluate --curve FILE`
/// writes one, `run-pipeline report` draws it.
///
/// The format, one JSON object per line (blank lines are skipped, unknown fields ignored so the format can grow):
///
///     {"time":"2026-05-01T12:00:05.250Z","examples":20000,"learner":"champion","log_loss":0.3127,
///      "auc":0.8841,"rolling_auc":0.9012,"accuracy":0.8721}
///
/// - `time` (required): when the checkpoint was taken, an RFC 3339 / ISO 8601 timestamp (UTC, optional fraction),
///   or a number of seconds since the Unix epoch.
/// - `examples` (required): labelled examples the learner had been scored on, an integer ≥ 0.
/// - `learner` (optional, default `"model"`): the learner's name; a file may interleave several learners
///   (champion and challengers), each with its own curve.
/// - `log_loss`, `auc`, `rolling_auc`, `accuracy`, `mae`, `rmse` (optional, number or `null`): the metrics known
///   at that point. Log loss, MAE and RMSE are ≥ 0; AUC, rolling AUC and accuracy lie in [0, 1]. A metric that is
///   not known yet (AUC before both classes were seen) is `null` or absent.
struct LearningCurvePoint: Equatable, Sendable {
    /// The metrics a checkpoint can carry, in the order the report draws them.
    enum Metric: String, CaseIterable, Sendable {
        case logLoss = "log_loss"
        case auc = "auc"
        case rollingAUC = "rolling_auc"
        case accuracy = "accuracy"
        case mae = "mae"
        case rmse = "rmse"

        /// How the report names it.
        var title: String {
            switch self {
            case .logLoss: "log loss"
            case .auc: "ROC AUC"
            case .rollingAUC: "rolling ROC AUC"
            case .accuracy: "accuracy"
            case .mae: "MAE"
            case .rmse: "RMSE"
            }
        }

        /// Whether values must lie in [0, 1] (else only ≥ 0).
        var isFraction: Bool { self == .auc || self == .rollingAUC || self == .accuracy }
    }

    /// The learner's name when a line names none.
    static let defaultLearner = "model"

    var time: Date
    var examples: Int
    var learner: String
    var values: [Metric: Double]
}
