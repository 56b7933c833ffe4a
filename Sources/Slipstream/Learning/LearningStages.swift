/// How to score events and learn from labels in a pipeline: features, scores, delayed labels, learning,
/// champion/challenger, score-only mode and the live figures. (A namespace for this guide; it has no members.)
///
/// ## Declare features
/// A ``FeatureSchema`` names the features of an event and how each is encoded; it is built once, and the
/// scoring stage runs its extractors into one reused vector per event.
///
/// ```swift
/// let features = FeatureSchema<Payment>(hashBits: 22) {
///     NumericFeature("amount") { $0.amount }                    // running standard scaling
///     NumericFeature("payments_10m", scaling: .none) { Double($0.recent) }
///     CategoricalFeature("mcc") { $0.mcc }                      // hashed
///     CategoricalFeature("country") { $0.country }
///     CrossFeature("mcc", "country")
/// }
/// ```
///
/// Per-key features (velocity counts, running statistics of a card) come from a stateful stage before it: the
/// extractors read whatever the item carries, such as a `WithState<Payment, CardActivity>`.
///
/// ## Score, await labels, learn
/// ```swift
/// let payments = p.read(.kafka("payments", as: Payment.self)).timestamps(\.time, allowedLateness: .seconds(5))
/// let chargebacks = p.read(.kafka("chargebacks", as: Chargeback.self)).timestamps(\.time)
///
/// let scored = payments
///     .features(features)
///     .score(with: .logisticRegression(.ftrl(alpha: 0.05), regularization: .init(l1: 1)), id: \.id)
/// scored.map { FraudScore($0) }.write(.kafka("fraud-scores"))
/// scored.awaitLabel(from: chargebacks, on: \.paymentID, within: .days(30),
///                   eventTime: \.time, labelTime: \.time) { $0.reason == "fraud" }
///     .learn(unlabelled: .negative)
/// ```
///
/// `score` emits a ``Scored`` per event at once: the serving learner's score, the model version, the top
/// reasons (``ScoreReason``: `mcc=5411`, `amount`…), the features and the scoring time. The served features
/// wait, keyed by `id`, for the event's label: a label trains every learner on exactly those features (no
/// training/serving skew), and an event whose window closes without a label is learned as a negative
/// (``UnlabelledExamples``). No cycle is built: the label stream is a second input of the scoring stage, which
/// runs as a single instance. Windows close on watermarks, so both streams need `timestamps`.
///
/// Events that carry their own target (a click flag) are predicted, then learned at once:
/// `features.learn(with: .logisticRegression()) { $0.clicked ? 1 : 0 }`.
///
/// ## Champion / challenger
/// Give several ``LearnerSpec``s and name the serving one; each learns every label and keeps its own
/// progressive metrics, and the output score is the serving learner's:
///
/// ```swift
/// .score(with: .logisticRegression(.ftrl(alpha: 0.05), name: "ftrl"),
///              .logisticRegression(name: "adaptive"),
///        serving: "ftrl", id: \.id)
/// ```
///
/// ## Score-only workers and hot swap
/// Pass a ``LearningMode`` to `score`: ``LearningMode/learning`` (default),
/// ``LearningMode/learning(publishingModelTo:)`` (after each completed snapshot, the serving model is written
/// to a file), or ``LearningMode/scoreOnly(_:reloadEvery:)`` with a ``ModelSource``: a model file (watched on a
/// background thread; a newer valid file is swapped in between batches, a damaged one is logged, counted as
/// `modelReloadFailures` and ignored), model bytes, or the restored snapshot. A command line maps onto
/// ``LearningMode/init(scoreOnly:modelPath:fromSnapshot:reloadEvery:publishModelTo:)``.
///
/// ## Snapshots
/// The stage saves `model/<learner>` (a complete model file: weights, optimizer state, feature transforms,
/// with `examples`, `version` and `learner` in its metadata, see ``ModelMetadataKey``), `metrics/<learner>` and
/// `pending` (the examples waiting for labels). After a restore, examples learned continue exactly from the
/// snapshot.
///
/// ## Figures
/// ``LearningMonitor/shared`` holds each learner's ``LearnerFigures`` (examples learned, progressive log loss
/// and ROC AUC over the stream and the recent window, model version, pending examples, processing time per
/// event), published about twice a second without locks on the scoring path:
/// `LearningMonitor.shared.figures(pipeline: job.name)`. The vertex metrics carry the counters of
/// ``LearningCounterNames``.
///
/// ## Bad input
/// A numeric feature that is NaN, infinite or beyond the schema's `maxMagnitude` counts as missing and is
/// counted (`invalidFeatures`); a label that is not a finite number is dropped and counted (`invalidLabels`);
/// an example whose features could overflow an update is not learned (`examplesRejected`). Nothing of it
/// reaches the weights.
public enum LearningStages {}
