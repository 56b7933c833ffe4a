import Foundation

/// Multiclass (softmax) regression: one weight vector per class, `p(k | x) = exp(m_k) / sum exp(m_j)`, trained on
/// cross-entropy. Classes are indices; the model starts with classes 0 and 1 and grows when a larger index is
/// learnt (up to `maxClasses`), so a class that emerges mid-stream is learnt from its first event.
public struct SoftmaxRegression: OnlineLearner {
    public let configuration: LearnerConfiguration
    public private(set) var core: LinearCore

    /// Creates a fresh learner (`configuration.model` must be `.softmax`).
    public init(configuration: LearnerConfiguration) throws(LearnerError) {
        try configuration.validate()
        guard configuration.model == .softmax else {
            throw .invalidConfiguration("SoftmaxRegression needs model .softmax, got .\(configuration.model)")
        }
        self.configuration = configuration
        self.core = LinearCore(hashBits: configuration.hashBits, denseSlots: configuration.denseSlots, outputs: 2,
                               optimizer: configuration.optimizer.reset, regularization: configuration.regularization,
                               fitIntercept: configuration.fitIntercept)
    }

    /// Convenience: a learner for vectors of `hashBits` / `denseSlots`.
    public init(hashBits: Int = 22, denseSlots: Int = 0, optimizer: Optimizer? = nil,
                regularization: Regularization = .none, fitIntercept: Bool = true,
                maxClasses: Int = 256) throws(LearnerError) {
        try self.init(configuration: LearnerConfiguration(
            model: .softmax, optimizer: optimizer, regularization: regularization, fitIntercept: fitIntercept,
            hashBits: hashBits, denseSlots: denseSlots, maxClasses: maxClasses))
    }

    public init(configuration: LearnerConfiguration, core: LinearCore) throws(LearnerError) {
        try self.init(configuration: configuration)
        try LogisticRegression.check(core, fits: self.core)
        guard core.table.outputs >= 2, core.table.outputs <= configuration.maxClasses else {
            throw .stateMismatch("\(core.table.outputs) classes, expected 2...\(configuration.maxClasses)")
        }
        self.core = core
    }

    /// Number of classes the model knows.
    @inlinable public var classCount: Int { core.table.outputs }

    /// Writes the class probabilities into `probabilities` (resized to `classCount`).
    public func predictProbabilities(_ x: FeatureVector, into probabilities: inout [Double]) {
        probabilities.removeAll(keepingCapacity: true)
        for k in 0..<classCount { probabilities.append(core.margin(x, output: k)) }
        probabilities.withUnsafeMutableBufferPointer { Self.softmax($0) }
    }

    /// The class probabilities.
    public func predictProbabilities(_ x: FeatureVector) -> [Double] {
        var p: [Double] = []
        predictProbabilities(x, into: &p)
        return p
    }

    /// The most probable class.
    public func predictClass(_ x: FeatureVector) -> Int {
        var best = 0
        var bestMargin = -Double.infinity
        for k in 0..<classCount {
            let m = core.margin(x, output: k)
            if m > bestMargin { bestMargin = m; best = k }
        }
        return best
    }

    public func score(_ x: FeatureVector) -> Double { Double(predictClass(x)) }

    @usableFromInline
    static func softmax(_ m: UnsafeMutableBufferPointer<Double>) {
        guard let top = m.max() else { return }
        var sum = 0.0
        for i in m.indices { m[i] = exp(m[i] - top); sum += m[i] }
        for i in m.indices { m[i] /= sum }
    }

    /// Learns one event of class `target` (an index below `maxClasses`; others are ignored).
    public mutating func learn(_ x: FeatureVector, target: Double) {
        _ = predictThenLearn(x, target: target)
    }

    /// Predicts with the classes known before the event, then learns it (growing the classes if needed).
    public mutating func predictThenLearn(_ x: FeatureVector, target: Double) -> Prediction {
        guard target.isFinite, target >= 0, target < Double(configuration.maxClasses) else {
            return Prediction(score: score(x))
        }
        let y = Int(target)
        let known = classCount
        while classCount <= y { core.appendOutput() }
        let k = classCount
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { p in
            // The prediction: over the classes known before this event (a new class had probability 0).
            for c in 0..<known { p[c] = core.margin(x, output: c) }
            Self.softmax(UnsafeMutableBufferPointer(rebasing: p[0..<known]))
            var best = 0
            for c in 0..<known where p[c] > p[best] { best = c }
            let prediction = Prediction(score: Double(best), targetProbability: y < known ? p[y] : 0)
            if k > known { for c in 0..<k { p[c] = core.margin(x, output: c) }; Self.softmax(p) }
            for c in 0..<k { core.step(x, output: c, gradient: p[c] - (c == y ? 1 : 0)) }
            return prediction
        }
    }

    /// Reasons for the predicted class.
    public func reasonCodes(_ x: FeatureVector, top k: Int, into codes: inout [ReasonCode]) {
        core.reasonCodes(x, output: predictClass(x), top: k, into: &codes)
    }
}
