/// Linear regression: `y = w . x + b`, trained on squared loss.
public struct LinearRegression: OnlineLearner {
    public let configuration: LearnerConfiguration
    public private(set) var core: LinearCore
    @usableFromInline let loss = SquaredLoss()

    /// Creates a fresh learner (`configuration.model` must be `.linear`).
    public init(configuration: LearnerConfiguration) throws(LearnerError) {
        try configuration.validate()
        guard configuration.model == .linear else {
            throw .invalidConfiguration("LinearRegression needs model .linear, got .\(configuration.model)")
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
            model: .linear, optimizer: optimizer, regularization: regularization, fitIntercept: fitIntercept,
            hashBits: hashBits, denseSlots: denseSlots))
    }

    public init(configuration: LearnerConfiguration, core: LinearCore) throws(LearnerError) {
        try self.init(configuration: configuration)
        try LogisticRegression.check(core, fits: self.core)
        self.core = core
    }

    /// The predicted value.
    @inlinable
    public func predictValue(_ x: FeatureVector) -> Double { core.margin(x) }

    @inlinable
    public func score(_ x: FeatureVector) -> Double { core.margin(x) }

    /// Learns one event; returns the value it predicted before learning.
    @discardableResult
    public mutating func learnReturningPrediction(_ x: FeatureVector, target: Double) -> Double {
        let m = core.margin(x)
        guard target.isFinite else { return m }
        core.learn(x, margin: m, target: target, loss: loss)
        return m
    }

    public mutating func learn(_ x: FeatureVector, target: Double) {
        learnReturningPrediction(x, target: target)
    }

    public mutating func predictThenLearn(_ x: FeatureVector, target: Double) -> Prediction {
        Prediction(score: learnReturningPrediction(x, target: target))
    }

    public func reasonCodes(_ x: FeatureVector, top k: Int, into codes: inout [ReasonCode]) {
        core.reasonCodes(x, top: k, into: &codes)
    }
}
