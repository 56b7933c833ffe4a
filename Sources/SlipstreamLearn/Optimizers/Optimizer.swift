/// The optimizer of a linear learner and its state (everything that is not per-weight).
///
/// An enum rather than an existential so that a learner switches once per event and then runs a loop specialized
/// for its optimizer, and so that a model file can store which optimizer it was trained with.
public enum Optimizer: Codable, Hashable, Sendable {
    /// Plain SGD with a learning-rate schedule.
    case sgd(SGD)
    /// AdaGrad.
    case adaGrad(AdaGrad)
    /// FTRL-Proximal.
    case ftrl(FTRLProximal)
    /// Vowpal-Wabbit-style adaptive, normalized, invariant updates.
    case adaptive(AdaptiveNormalized)

    /// Floats per weight slot this optimizer needs.
    public var width: Int {
        switch self {
        case .sgd: return SGD.width
        case .adaGrad: return AdaGrad.width
        case .ftrl: return FTRLProximal.width
        case .adaptive: return AdaptiveNormalized.width
        }
    }

    /// Its name on the command line and in model files.
    public var kind: OptimizerKind {
        switch self {
        case .sgd: return .sgd
        case .adaGrad: return .adagrad
        case .ftrl: return .ftrl
        case .adaptive: return .adaptive
        }
    }

    /// The same hyperparameters with the accumulated state reset (a fresh learner's optimizer).
    public var reset: Optimizer {
        switch self {
        case .sgd(let o): return .sgd(SGD(learningRate: o.learningRate, schedule: o.schedule))
        case .adaGrad(let o): return .adaGrad(AdaGrad(learningRate: o.learningRate, epsilon: o.epsilon))
        case .ftrl(let o): return .ftrl(FTRLProximal(alpha: o.alpha, beta: o.beta))
        case .adaptive(let o):
            return .adaptive(AdaptiveNormalized(learningRate: o.learningRate, powerT: o.powerT, invariant: o.invariant))
        }
    }
}

/// The optimizers by name.
public enum OptimizerKind: String, Codable, CaseIterable, Sendable {
    case sgd, adagrad, ftrl, adaptive
}
