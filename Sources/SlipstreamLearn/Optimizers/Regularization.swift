/// L1 and L2 penalties on the weights (never on the intercept).
///
/// Like River and Vowpal Wabbit, penalties are applied to the weights of the features present in an event
/// (lazily, sparse): a weight whose feature never comes back keeps its value, which is what an online model with
/// millions of rare features needs.
public struct Regularization: Codable, Hashable, Sendable {
    /// L1 strength (drives weights to exact zeros).
    public var l1: Double
    /// L2 strength (shrinks weights).
    public var l2: Double

    /// Creates penalties; both must be finite and non-negative.
    public init(l1: Double = 0, l2: Double = 0) {
        precondition(l1 >= 0 && l1.isFinite && l2 >= 0 && l2.isFinite, "regularization must be finite and >= 0")
        self.l1 = l1
        self.l2 = l2
    }

    /// No penalty.
    public static let none = Regularization()

    /// Soft-thresholding: the proximal step of `rate * l1 * |w|`.
    @inlinable @inline(__always)
    static func shrink(_ w: Float, by amount: Float) -> Float {
        if w > amount { return w - amount }
        if w < -amount { return w + amount }
        return 0
    }
}
