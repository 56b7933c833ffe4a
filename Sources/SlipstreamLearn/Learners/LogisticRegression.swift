/// Binary logistic regression: `p(y = 1 | x) = sigmoid(w . x + b)`, trained on log loss.
public struct LogisticRegression: OnlineLearner {
    public let configuration: LearnerConfiguration
    public private(set) var core: LinearCore
    @usableFromInline let loss = LogisticLoss()

    /// Creates a fresh learner (`configuration.model` must be `.logistic`).
    public init(configuration: LearnerConfiguration) throws(LearnerError) {
        try configuration.validate()
        guard configuration.model == .logistic else {
            throw .invalidConfiguration("LogisticRegression needs model .logistic, got .\(configuration.model)")
        }
        self.configuration = configuration
        self.core = LinearCore(hashBits: configuration.hashBits, denseSlots: configuration.denseSlots, outputs: 1,
                               optimizer: configuration.optimizer.reset, regularization: configuration.regularization,
                               fitIntercept: configuration.fitIntercept)
    }

    /// Convenience: a learner for vectors of `hashBits` / `denseSlots`.
    public init(hashBits: Int = 22, denseSlots: Int = 0, optimizer: Optimizer? = nil,
                regularization: Regularization = .none, fitIntercept: Bool = true) throws(LearnerError) {
        try self.init(configuration: LearnerConfiguration(
            model: .logistic, optimizer: optimizer, regularization: regularization, fitIntercept: fitIntercept,
            hashBits: hashBits, denseSlots: denseSlots))
    }

    public init(configuration: LearnerConfiguration, core: LinearCore) throws(LearnerError) {
        try self.init(configuration: configuration)
        try Self.check(core, fits: self.core)
        self.core = core
    }

    static func check(_ core: LinearCore, fits fresh: LinearCore) throws(LearnerError) {
        guard core.table.slots == fresh.table.slots, core.table.width == fresh.table.width,
              core.optimizer.kind == fresh.optimizer.kind, core.fitIntercept == fresh.fitIntercept
        else { throw .stateMismatch("weight table or optimizer differs from the configuration") }
    }

    /// The probability of class 1.
    @inlinable
    public func predictProbability(_ x: FeatureVector) -> Double { Sigmoid.value(core.margin(x)) }

    @inlinable
    public func score(_ x: FeatureVector) -> Double { predictProbability(x) }

    /// Learns one event; returns the probability it predicted before learning (progressive validation in one
    /// pass over the features).
    @discardableResult
    public mutating func learn(_ x: FeatureVector, label: Bool) -> Double {
        let m = core.margin(x)
        core.learn(x, margin: m, target: label ? 1 : 0, loss: loss)
        return Sigmoid.value(m)
    }

    public mutating func learn(_ x: FeatureVector, target: Double) {
        guard target.isFinite else { return }
        learn(x, label: target > 0.5)
    }

    public mutating func predictThenLearn(_ x: FeatureVector, target: Double) -> Prediction {
        guard target.isFinite else { return Prediction(score: predictProbability(x)) }
        let label = target > 0.5
        let p = learn(x, label: label)
        return Prediction(score: p, targetProbability: label ? p : 1 - p)
    }

    public func reasonCodes(_ x: FeatureVector, top k: Int, into codes: inout [ReasonCode]) {
        core.reasonCodes(x, top: k, into: &codes)
    }
}
