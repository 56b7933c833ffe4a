/// A loss of a linear model, as a function of the raw prediction (the margin) and the target.
///
/// Besides value and gradient, a loss gives the importance-invariant update of Karampatziakis & Langford (2011)
/// that the adaptive optimizer uses: the exact effect of following the gradient flow for a step instead of one
/// first-order step, which cannot overshoot the target however large the step.
public protocol Loss: Sendable {
    /// The loss of `prediction` (raw margin) for `target`.
    func loss(prediction: Double, target: Double) -> Double
    /// d loss / d prediction.
    func gradient(prediction: Double, target: Double) -> Double
    /// The update `u` such that the new prediction is `prediction + predictionPerUpdate * u` after following the
    /// gradient flow with rate `scale` (`predictionPerUpdate` is the sum over features of `x^2` times their
    /// per-feature rate).
    func invariantUpdate(prediction: Double, target: Double, scale: Double, predictionPerUpdate: Double) -> Double
}
