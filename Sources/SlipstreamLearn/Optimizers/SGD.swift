/// Plain stochastic gradient descent: `w -= rate_t * (g x + l2 w)`, then an L1 proximal step.
public struct SGD: Codable, Hashable, Sendable {
    /// Floats per weight slot: the weight only.
    public static let width = 1

    /// Base learning rate.
    public var learningRate: Double
    /// How the rate evolves.
    public var schedule: LearningRateSchedule
    /// Updates done so far.
    public internal(set) var updates: Int = 0

    /// Creates the optimizer (River's default is a constant 0.01).
    public init(learningRate: Double = 0.01, schedule: LearningRateSchedule = .constant) {
        self.learningRate = learningRate
        self.schedule = schedule
    }

    /// One step along `gradient * x` for every entry of one output block.
    mutating func step(
        block: UnsafeMutablePointer<Float>, entries: UnsafeBufferPointer<FeatureEntry>, biasSlot: Int?,
        gradient: Double, regularization: Regularization
    ) {
        updates += 1
        let rate = Float(schedule.rate(base: learningRate, t: updates))
        let g = Float(gradient)
        let l2 = Float(regularization.l2), l1 = Float(regularization.l1) * rate
        for e in entries {
            let p = block + Int(e.index)
            var w = p.pointee - rate * (g * e.value + l2 * p.pointee)
            if l1 > 0 { w = Regularization.shrink(w, by: l1) }
            p.pointee = w
        }
        if let biasSlot { block[biasSlot] -= rate * g }
    }
}
