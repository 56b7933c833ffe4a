/// The machinery every linear learner shares: the weight table, the optimizer, penalties and the intercept.
///
/// Learners wrap it with their loss and link. One event costs one pass over its features to predict and one or
/// two to learn; nothing is allocated.
public struct LinearCore: Sendable {
    /// Weights and per-weight optimizer state.
    public internal(set) var table: WeightTable
    /// The optimizer and its global state.
    public internal(set) var optimizer: Optimizer
    /// Penalties.
    public let regularization: Regularization
    /// Whether an intercept (a bias weight, in the last slot) is learnt.
    public let fitIntercept: Bool
    /// Bits of the hashed feature space.
    public let hashBits: Int
    /// Dense slots after the hashed space.
    public let denseSlots: Int

    /// Creates a zeroed model for vectors of `hashBits` / `denseSlots` with `outputs` outputs.
    public init(hashBits: Int, denseSlots: Int, outputs: Int, optimizer: Optimizer,
                regularization: Regularization, fitIntercept: Bool) {
        self.hashBits = hashBits
        self.denseSlots = denseSlots
        self.optimizer = optimizer
        self.regularization = regularization
        self.fitIntercept = fitIntercept
        self.table = WeightTable(slots: (1 << hashBits) + denseSlots + 1, width: optimizer.width, outputs: outputs)
    }

    /// The slot of the intercept.
    @inlinable public var biasSlot: Int { table.slots - 1 }

    @inlinable
    func checkShape(_ x: FeatureVector) {
        precondition(x.hashBits == hashBits && x.denseSlots == denseSlots,
                     "feature vector shape (\(x.hashBits) bits, \(x.denseSlots) dense) does not match the model (\(hashBits), \(denseSlots))")
    }

    /// The raw prediction (margin) of one output.
    @inlinable
    public func margin(_ x: FeatureVector, output: Int = 0) -> Double {
        checkShape(x)
        let width = table.width
        return table.withUnsafeBuffer { buf in
            let block = buf.baseAddress! + table.blockOffset(output: output)
            var sum: Float = fitIntercept ? block[biasSlot &* width] : 0
            x.entries.withUnsafeBufferPointer { es in
                if width == 1 {
                    for e in es { sum += block[Int(e.index)] * e.value }
                } else {
                    for e in es { sum += block[Int(e.index) &* width] * e.value }
                }
            }
            return Double(sum)
        }
    }

    /// One learning step of one output whose margin was `margin`, for a loss and a target.
    public mutating func learn<L: Loss>(_ x: FeatureVector, output: Int = 0, margin: Double, target: Double, loss: L) {
        checkShape(x)
        let gradient = loss.gradient(prediction: margin, target: target)
        let block = table.uniqueBase() + table.blockOffset(output: output)
        let bias = fitIntercept ? biasSlot : nil
        let reg = regularization
        x.entries.withUnsafeBufferPointer { es in
            switch optimizer {
            case .sgd(var o):
                o.step(block: block, entries: es, biasSlot: bias, gradient: gradient, regularization: reg)
                optimizer = .sgd(o)
            case .adaGrad(var o):
                o.step(block: block, entries: es, biasSlot: bias, gradient: gradient, regularization: reg)
                optimizer = .adaGrad(o)
            case .ftrl(var o):
                o.step(block: block, entries: es, biasSlot: bias, gradient: gradient, regularization: reg)
                optimizer = .ftrl(o)
            case .adaptive(var o):
                let ppu = o.prepare(block: block, entries: es, biasSlot: bias, squaredGradient: gradient * gradient)
                if ppu > 0 {
                    let update = o.invariant
                        ? loss.invariantUpdate(prediction: margin, target: target, scale: o.learningRate, predictionPerUpdate: ppu)
                        : -o.learningRate * gradient
                    o.apply(block: block, entries: es, biasSlot: bias, update: update, regularization: reg)
                }
                optimizer = .adaptive(o)
            }
        }
    }

    /// One first-order step of one output along `gradient` (d loss / d margin); used by the softmax, whose loss
    /// couples the outputs.
    public mutating func step(_ x: FeatureVector, output: Int, gradient: Double) {
        checkShape(x)
        let block = table.uniqueBase() + table.blockOffset(output: output)
        let bias = fitIntercept ? biasSlot : nil
        let reg = regularization
        x.entries.withUnsafeBufferPointer { es in
            switch optimizer {
            case .sgd(var o):
                o.step(block: block, entries: es, biasSlot: bias, gradient: gradient, regularization: reg)
                optimizer = .sgd(o)
            case .adaGrad(var o):
                o.step(block: block, entries: es, biasSlot: bias, gradient: gradient, regularization: reg)
                optimizer = .adaGrad(o)
            case .ftrl(var o):
                o.step(block: block, entries: es, biasSlot: bias, gradient: gradient, regularization: reg)
                optimizer = .ftrl(o)
            case .adaptive(var o):
                let ppu = o.prepare(block: block, entries: es, biasSlot: bias, squaredGradient: gradient * gradient)
                if ppu > 0 {
                    o.apply(block: block, entries: es, biasSlot: bias, update: -o.learningRate * gradient, regularization: reg)
                }
                optimizer = .adaptive(o)
            }
        }
    }

    /// Adds an output (a new class of a softmax).
    public mutating func appendOutput() { table.appendOutput() }

    /// The `k` entries of `x` with the largest absolute contribution `weight * value` to one output's margin,
    /// largest first (the intercept is not a reason), into `best` (emptied first): a scorer reusing one buffer
    /// allocates nothing.
    public func reasonCodes(_ x: FeatureVector, output: Int = 0, top k: Int, into best: inout [ReasonCode]) {
        best.removeAll(keepingCapacity: true)
        checkShape(x)
        guard k > 0 else { return }
        best.reserveCapacity(k + 1)
        for (position, e) in x.entries.enumerated() {
            let w = table.weight(slot: Int(e.index), output: output)
            let c = Double(w) * Double(e.value)
            guard c != 0 else { continue }
            if best.count == k, let last = best.last, abs(last.contribution) >= abs(c) { continue }
            let code = ReasonCode(position: position, index: e.index, namespace: e.namespace, value: Double(e.value),
                                  weight: Double(w), contribution: c)
            // Insertion into a short sorted list: the new code takes the last place (the smallest drops out
            // when the list is full) and moves up past every smaller one, so ties keep their order.
            if best.count < k { best.append(code) } else { best[best.count &- 1] = code }
            var at = best.count &- 1
            while at > 0 && abs(best[at &- 1].contribution) < abs(c) {
                best.swapAt(at, at &- 1)
                at &-= 1
            }
        }
    }
}
