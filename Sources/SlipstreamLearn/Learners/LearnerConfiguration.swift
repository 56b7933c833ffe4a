/// Everything that defines a linear learner before it has seen data: its model family, optimizer (with its
/// hyperparameters), penalties, intercept and the shape of the feature space. It is stored in model files, and two
/// learners with equal configurations that see the same events make the same predictions.
public struct LearnerConfiguration: Codable, Hashable, Sendable {
    /// The model family.
    public var model: ModelKind
    /// The optimizer and its hyperparameters.
    public var optimizer: Optimizer
    /// L1 / L2 penalties.
    public var regularization: Regularization
    /// Whether an intercept is learnt.
    public var fitIntercept: Bool
    /// Bits of the hashed feature space (`FeatureHasher.bitRange`).
    public var hashBits: Int
    /// Dense slots after the hashed space.
    public var denseSlots: Int
    /// Softmax only: the largest number of classes it will create.
    public var maxClasses: Int

    /// Creates a configuration.
    public init(model: ModelKind, optimizer: Optimizer? = nil, regularization: Regularization = .none,
                fitIntercept: Bool = true, hashBits: Int = 22, denseSlots: Int = 0, maxClasses: Int = 256) {
        self.model = model
        self.optimizer = optimizer ?? Self.defaultOptimizer(for: model)
        self.regularization = regularization
        self.fitIntercept = fitIntercept
        self.hashBits = hashBits
        self.denseSlots = denseSlots
        self.maxClasses = maxClasses
    }

    /// The optimizer used when none is given: adaptive, normalized, invariant updates with the per-feature decay
    /// exponent 0.25 (Vowpal Wabbit's is 0.5). The slower decay keeps learning on drifting streams (the `dense`
    /// benchmark) and costs nothing measurable on stationary sparse ones (`ctr`).
    ///
    /// Linear regression gets rate 1.0: its loss is `(p - y)^2 / 2`, half of Vowpal Wabbit's squared loss, so 1.0
    /// here takes the steps VW's 0.5 takes.
    public static func defaultOptimizer(for model: ModelKind) -> Optimizer {
        .adaptive(AdaptiveNormalized(learningRate: defaultAdaptiveLearningRate(for: model), powerT: 0.25))
    }

    /// The adaptive optimizer's default rate for a model family.
    public static func defaultAdaptiveLearningRate(for model: ModelKind) -> Double { model == .linear ? 1.0 : 0.5 }

    /// A fresh learner of this configuration.
    public func makeLearner() throws(LearnerError) -> any OnlineLearner {
        switch model {
        case .logistic: return try LogisticRegression(configuration: self)
        case .linear: return try LinearRegression(configuration: self)
        case .softmax: return try SoftmaxRegression(configuration: self)
        }
    }

    func validate() throws(LearnerError) {
        guard FeatureHasher.bitRange.contains(hashBits) || (1...30).contains(hashBits) else {
            throw .invalidConfiguration("hashBits must be in \(FeatureHasher.bitRange), got \(hashBits)")
        }
        guard denseSlots >= 0 else { throw .invalidConfiguration("denseSlots must be >= 0") }
        guard maxClasses >= 2 else { throw .invalidConfiguration("maxClasses must be >= 2") }
    }
}

/// The linear model families.
public enum ModelKind: String, Codable, CaseIterable, Sendable {
    /// Logistic regression: binary classification, target 0 or 1.
    case logistic
    /// Linear regression: a real-valued target.
    case linear
    /// Softmax regression: multiclass classification, target a class index.
    case softmax
}

/// Errors of building or restoring a learner.
public enum LearnerError: Error, Equatable, CustomStringConvertible {
    /// The configuration cannot make a learner.
    case invalidConfiguration(String)
    /// Parameters restored from a model file do not fit the configuration.
    case stateMismatch(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let m): return "invalid learner configuration: \(m)"
        case .stateMismatch(let m): return "learner state does not match its configuration: \(m)"
        }
    }
}
