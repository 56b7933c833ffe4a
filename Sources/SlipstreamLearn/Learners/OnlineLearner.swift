/// A model that predicts an event, then learns from its target, one event at a time.
///
/// Learners are values: copying one is a snapshot (copy-on-write of the weights), and a copy learns on its own.
/// A learner is not meant to be shared between threads while it learns; move it, or copy it.
public protocol OnlineLearner: Sendable {
    /// Creates a fresh learner.
    init(configuration: LearnerConfiguration) throws(LearnerError)
    /// Restores a learner from its configuration and parameters (see `ModelFile`).
    init(configuration: LearnerConfiguration, core: LinearCore) throws(LearnerError)

    /// Hyperparameters and shape.
    var configuration: LearnerConfiguration { get }
    /// Weights and optimizer state.
    var core: LinearCore { get }

    /// The prediction for an event: the probability of class 1 (logistic), the value (linear), or the most
    /// probable class index (softmax).
    func score(_ x: FeatureVector) -> Double
    /// Learns from one event. Targets: 0 / 1 (logistic; any value > 0.5 counts as 1), a finite real (linear), a
    /// class index in `0..<maxClasses` (softmax). Non-finite targets are ignored.
    mutating func learn(_ x: FeatureVector, target: Double)
    /// The `k` features that moved the prediction most (see `ReasonCode`), largest first, into `codes` (emptied
    /// first), so that a scorer can reuse one buffer.
    func reasonCodes(_ x: FeatureVector, top k: Int, into codes: inout [ReasonCode])
    /// Progressive validation's step: predicts the event with the current model, then learns it.
    mutating func predictThenLearn(_ x: FeatureVector, target: Double) -> Prediction
}

/// A prediction made before learning the event (see `OnlineLearner.predictThenLearn`).
public struct Prediction: Hashable, Sendable {
    /// What `score` returns: probability of class 1, the value, or the predicted class.
    public var score: Double
    /// The probability the model gave to the event's actual class (classifiers; NaN for regression).
    public var targetProbability: Double

    public init(score: Double, targetProbability: Double = .nan) {
        self.score = score
        self.targetProbability = targetProbability
    }
}

extension OnlineLearner {
    public mutating func predictThenLearn(_ x: FeatureVector, target: Double) -> Prediction {
        let s = score(x)
        learn(x, target: target)
        return Prediction(score: s)
    }

    /// Scores a batch into `scores` (resized to the batch).
    public func score(batch: [FeatureVector], into scores: inout [Double]) {
        scores.removeAll(keepingCapacity: true)
        for x in batch { scores.append(score(x)) }
    }

    /// Learns a batch of events in order.
    public mutating func learn(batch: [FeatureVector], targets: [Double]) {
        precondition(batch.count == targets.count, "one target per event")
        for i in batch.indices { learn(batch[i], target: targets[i]) }
    }
}

extension OnlineLearner {
    /// The `k` features that moved the prediction most (see `ReasonCode`), largest first.
    public func reasonCodes(_ x: FeatureVector, top k: Int) -> [ReasonCode] {
        var codes: [ReasonCode] = []
        reasonCodes(x, top: k, into: &codes)
        return codes
    }
}
