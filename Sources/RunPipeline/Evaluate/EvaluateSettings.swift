import SlipstreamLearn

/// Everything `run-pipeline evaluate` needs, merged from a `--spec` YAML file and the command line (the command
/// line wins). Optional fields are "not given": the defaults are applied by `resolved()`.
struct EvaluateSettings: Sendable {
    var input: String?
    var target: String?
    var numeric: [String] = []
    var categorical: [String] = []
    var oneHot: [String] = []
    var targetEncode: [String] = []
    var buckets: [String] = []
    var crosses: [String] = []
    var model: ModelKind?
    var optimizer: OptimizerKind?
    var learningRate: Double?
    var powerT: Double?
    var schedule: String?
    var alpha: Double?
    var beta: Double?
    var l1: Double?
    var l2: Double?
    var bits: Int?
    var seed: Int?
    var intercept: Bool?
    var scaling: FeatureSpec.Scaling?
    var missingIndicators: Bool?
    var maxClasses: Int?
    var window: Int?
    var limit: Int?
    var progressSeconds: Double?
    var saveModel: String?
    var loadModel: String?
    var json: Bool?
    var curve: String?
    var curveEvery: Int?

    /// Fills every field not set here from `other` (used to lay command-line values over a spec file).
    func overriding(_ base: EvaluateSettings) -> EvaluateSettings {
        var r = base
        if let input { r.input = input }
        if let target { r.target = target }
        if !numeric.isEmpty { r.numeric = numeric }
        if !categorical.isEmpty { r.categorical = categorical }
        if !oneHot.isEmpty { r.oneHot = oneHot }
        if !targetEncode.isEmpty { r.targetEncode = targetEncode }
        if !buckets.isEmpty { r.buckets = buckets }
        if !crosses.isEmpty { r.crosses = crosses }
        if let model { r.model = model }
        if let optimizer { r.optimizer = optimizer }
        if let learningRate { r.learningRate = learningRate }
        if let powerT { r.powerT = powerT }
        if let schedule { r.schedule = schedule }
        if let alpha { r.alpha = alpha }
        if let beta { r.beta = beta }
        if let l1 { r.l1 = l1 }
        if let l2 { r.l2 = l2 }
        if let bits { r.bits = bits }
        if let seed { r.seed = seed }
        if let intercept { r.intercept = intercept }
        if let scaling { r.scaling = scaling }
        if let missingIndicators { r.missingIndicators = missingIndicators }
        if let maxClasses { r.maxClasses = maxClasses }
        if let window { r.window = window }
        if let limit { r.limit = limit }
        if let progressSeconds { r.progressSeconds = progressSeconds }
        if let saveModel { r.saveModel = saveModel }
        if let loadModel { r.loadModel = loadModel }
        if let json { r.json = json }
        if let curve { r.curve = curve }
        if let curveEvery { r.curveEvery = curveEvery }
        return r
    }
}

/// A usage mistake in the settings: printed as `error: <message>`, exit status 2.
struct EvaluateUsageError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// The settings checked and turned into library objects.
struct ResolvedEvaluation: Sendable {
    var input: String
    var target: String
    var spec: FeatureSpec
    var learner: LearnerConfiguration
    var task: ProgressiveMetrics.Task
    var window: Int
    var limit: Int?
    var progressSeconds: Double
    var saveModel: String?
    var loadModel: String?
    var json: Bool
    /// The learning-curve file to write, and the examples between its checkpoints (`nil`: growing spacing).
    var curve: String?
    var curveEvery: Int?
}

extension EvaluateSettings {
    func resolved() throws(EvaluateUsageError) -> ResolvedEvaluation {
        guard let input, !input.isEmpty else { throw EvaluateUsageError("missing --input FILE.jsonl (or 'input:' in the spec)") }
        guard let target, !target.isEmpty else { throw EvaluateUsageError("missing --target FIELD (or 'target:' in the spec)") }
        let model = self.model ?? .logistic
        let scaling = self.scaling ?? .standard

        var bucketing: [String: FeatureSpec.Bucketing] = [:]
        for b in buckets {
            let parts = b.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, numeric.contains(parts[0]) else {
                throw EvaluateUsageError("--buckets '\(b)': expected NUMERIC_FIELD:COUNT or NUMERIC_FIELD:EDGE,EDGE,... for a --numeric field")
            }
            if let n = Int(parts[1]) {
                guard n >= 2 && n <= 1024 else { throw EvaluateUsageError("--buckets '\(b)': the bucket count must be in 2...1024") }
                bucketing[parts[0]] = .quantiles(n)
            } else {
                var edges: [Double] = []
                for e in parts[1].split(separator: ",") {
                    guard let v = Double(e), v.isFinite else { throw EvaluateUsageError("--buckets '\(b)': '\(e)' is not a number") }
                    edges.append(v)
                }
                bucketing[parts[0]] = .fixed(edges)
            }
        }
        var categoricals = categorical.map { FeatureSpec.Categorical($0) }
        for f in oneHot {
            let parts = f.split(separator: ":", maxSplits: 1).map(String.init)
            var m = 64
            if parts.count == 2 {
                guard let v = Int(parts[1]), v >= 1, v <= 65536 else {
                    throw EvaluateUsageError("--one-hot '\(f)': the maximum number of categories must be an integer in 1...65536")
                }
                m = v
            }
            categoricals.append(FeatureSpec.Categorical(parts[0], encoding: .oneHot(maxCategories: m)))
        }
        for f in targetEncode {
            let parts = f.split(separator: ":", maxSplits: 1).map(String.init)
            var s = 10.0
            if parts.count == 2 {
                guard let v = Double(parts[1]), v >= 0, v.isFinite else {
                    throw EvaluateUsageError("--target-encode '\(f)': the smoothing must be a number >= 0")
                }
                s = v
            }
            categoricals.append(FeatureSpec.Categorical(parts[0], encoding: .target(smoothing: s)))
        }
        var crossList: [FeatureSpec.Cross] = []
        for c in crosses {
            let parts = c.split(separator: ":").map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw EvaluateUsageError("--cross '\(c)': expected FIELD:FIELD")
            }
            crossList.append(FeatureSpec.Cross(parts[0], parts[1]))
        }
        let allFields = numeric + categoricals.map(\.name)
        guard !allFields.isEmpty else {
            throw EvaluateUsageError("no features: name fields with --numeric and/or --categorical (or --one-hot, --target-encode)")
        }
        guard !allFields.contains(target) else { throw EvaluateUsageError("the target '\(target)' is also named as a feature") }
        let bits = self.bits ?? 22
        guard FeatureHasher.bitRange.contains(bits) else {
            throw EvaluateUsageError("--bits must be in \(FeatureHasher.bitRange.lowerBound)...\(FeatureHasher.bitRange.upperBound), got \(bits)")
        }
        guard let seed32 = UInt32(exactly: seed ?? 0) else { throw EvaluateUsageError("--seed must be in 0...\(UInt32.max)") }
        let spec = FeatureSpec(
            numeric: numeric.map { FeatureSpec.Numeric($0, scaling: scaling, buckets: bucketing[$0]) },
            categorical: categoricals, crosses: crossList, hashBits: bits, seed: seed32,
            missingIndicators: missingIndicators ?? true)
        do { try spec.validate() } catch { throw EvaluateUsageError(error.description) }

        func positive(_ v: Double?, _ name: String) throws(EvaluateUsageError) {
            if let v, !(v > 0 && v.isFinite) { throw EvaluateUsageError("\(name) must be a number > 0, got \(v)") }
        }
        func nonNegative(_ v: Double?, _ name: String) throws(EvaluateUsageError) {
            if let v, !(v >= 0 && v.isFinite) { throw EvaluateUsageError("\(name) must be a number >= 0, got \(v)") }
        }
        try positive(learningRate, "--learning-rate")
        try positive(alpha, "--alpha")
        try nonNegative(beta, "--beta")
        try nonNegative(l1, "--l1")
        try nonNegative(l2, "--l2")
        let optimizer: Optimizer
        switch self.optimizer ?? .adaptive {
        case .sgd:
            let schedule: LearningRateSchedule
            switch self.schedule ?? "constant" {
            case "constant": schedule = .constant
            case "inverse-scaling": schedule = .inverseScaling(powerT: powerT ?? 0.25)
            case let s: throw EvaluateUsageError("--schedule must be 'constant' or 'inverse-scaling', got '\(s)'")
            }
            optimizer = .sgd(SGD(learningRate: learningRate ?? 0.01, schedule: schedule))
        case .adagrad:
            optimizer = .adaGrad(AdaGrad(learningRate: learningRate ?? 0.1))
        case .ftrl:
            optimizer = .ftrl(FTRLProximal(alpha: alpha ?? 0.05, beta: beta ?? 1))
        case .adaptive:
            let p = powerT ?? 0.25
            guard p > 0 && p < 1 else { throw EvaluateUsageError("--power-t must be in (0, 1) for the adaptive optimizer, got \(p)") }
            optimizer = .adaptive(AdaptiveNormalized(
                learningRate: learningRate ?? LearnerConfiguration.defaultAdaptiveLearningRate(for: model), powerT: p))
        }
        // FTRL's L2 default (River's) is 1; for the others no penalty unless asked.
        let l2Default = (self.optimizer ?? .adaptive) == .ftrl ? 1.0 : 0.0
        let maxClasses = self.maxClasses ?? 256
        guard maxClasses >= 2 && maxClasses <= 65536 else { throw EvaluateUsageError("--max-classes must be in 2...65536") }
        let encoderSlots: Int
        do { encoderSlots = try FeatureEncoder(spec: spec).denseSlots } catch { throw EvaluateUsageError(error.description) }
        let learner = LearnerConfiguration(
            model: model, optimizer: optimizer, regularization: Regularization(l1: l1 ?? 0, l2: l2 ?? l2Default),
            fitIntercept: intercept ?? true, hashBits: bits, denseSlots: encoderSlots, maxClasses: maxClasses)
        let window = self.window ?? 10_000
        guard window >= 1 else { throw EvaluateUsageError("--window must be >= 1") }
        if let limit, limit < 1 { throw EvaluateUsageError("--limit must be >= 1") }
        if let curveEvery, curveEvery < 1 { throw EvaluateUsageError("--curve-every must be >= 1") }
        if curve?.isEmpty == true { throw EvaluateUsageError("--curve needs a file name") }
        let progress = progressSeconds ?? 1
        guard progress >= 0, progress.isFinite else { throw EvaluateUsageError("--progress-seconds must be >= 0") }
        let task: ProgressiveMetrics.Task = model == .logistic ? .binary : model == .linear ? .regression : .multiclass
        return ResolvedEvaluation(input: input, target: target, spec: spec, learner: learner, task: task,
                                  window: window, limit: limit, progressSeconds: progress, saveModel: saveModel, loadModel: loadModel,
                                  json: json ?? false, curve: curve, curveEvery: curveEvery)
    }
}
