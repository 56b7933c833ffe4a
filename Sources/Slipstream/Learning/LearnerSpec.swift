import SlipstreamLearn

/// One learner of a scoring stage: its name, model family, optimizer and penalties. The feature space (hash bits,
/// dense slots) comes from the stage's ``FeatureSchema``.
///
/// A stage takes several specs on the same features (champion/challenger): each learns from the same labels and
/// keeps its own progressive metrics; one of them serves the scores.
///
/// ```swift
/// .score(with: .logisticRegression(.ftrl(alpha: 0.05), regularization: .init(l1: 1), name: "ftrl"),
///              .logisticRegression(name: "adaptive"),
///        serving: "ftrl", id: \.id)
/// ```
public struct LearnerSpec: Sendable, Hashable {
    /// The learner's name: unique in the stage; names its snapshot entry (`model/<name>`) and its figures.
    public var name: String
    /// The model family. A stage's learners share one (logistic or linear; softmax is not supported here).
    public var model: ModelKind
    /// The optimizer; `nil` takes the family's default (``LearnerConfiguration/defaultOptimizer(for:)``).
    public var optimizer: Optimizer?
    /// L1 / L2 penalties.
    public var regularization: Regularization
    /// Whether an intercept is learnt.
    public var fitIntercept: Bool

    /// Creates a spec.
    public init(
        name: String, model: ModelKind, optimizer: Optimizer? = nil, regularization: Regularization = .none,
        fitIntercept: Bool = true
    ) {
        self.name = name
        self.model = model
        self.optimizer = optimizer
        self.regularization = regularization
        self.fitIntercept = fitIntercept
    }

    /// Binary logistic regression: scores are probabilities of class 1; labels are 0 / 1.
    public static func logisticRegression(
        _ optimizer: Optimizer? = nil, regularization: Regularization = .none, fitIntercept: Bool = true,
        name: String = "logistic"
    ) -> LearnerSpec {
        LearnerSpec(
            name: name, model: .logistic, optimizer: optimizer, regularization: regularization,
            fitIntercept: fitIntercept)
    }

    /// Linear regression: scores are values; labels are real numbers.
    public static func linearRegression(
        _ optimizer: Optimizer? = nil, regularization: Regularization = .none, fitIntercept: Bool = true,
        name: String = "linear"
    ) -> LearnerSpec {
        LearnerSpec(
            name: name, model: .linear, optimizer: optimizer, regularization: regularization,
            fitIntercept: fitIntercept)
    }

    /// The learner configuration for a feature space.
    func configuration(hashBits: Int, denseSlots: Int) -> LearnerConfiguration {
        LearnerConfiguration(
            model: model, optimizer: optimizer, regularization: regularization, fitIntercept: fitIntercept,
            hashBits: hashBits, denseSlots: denseSlots)
    }
}

extension Optimizer {
    /// FTRL-Proximal with its per-coordinate rate `alpha / (beta + sqrt(n))`; pair with L1 in the spec's
    /// `regularization` for sparse models.
    public static func ftrl(alpha: Double, beta: Double = 1) -> Optimizer {
        .ftrl(FTRLProximal(alpha: alpha, beta: beta))
    }

    /// AdaGrad.
    public static func adaGrad(learningRate: Double, epsilon: Double = 1e-8) -> Optimizer {
        .adaGrad(AdaGrad(learningRate: learningRate, epsilon: epsilon))
    }

    /// Plain SGD with a learning-rate schedule.
    public static func sgd(learningRate: Double, schedule: LearningRateSchedule = .constant) -> Optimizer {
        .sgd(SGD(learningRate: learningRate, schedule: schedule))
    }

    /// Adaptive, normalized, invariant updates (the default optimizer).
    public static func adaptive(learningRate: Double, powerT: Double = 0.25) -> Optimizer {
        .adaptive(AdaptiveNormalized(learningRate: learningRate, powerT: powerT))
    }
}
