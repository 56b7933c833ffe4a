/// Coefficient of determination: `1 - SSE / SST`, with the target's variance tracked by Welford's update.
public struct R2: Codable, Hashable, Sendable {
    public private(set) var count = 0
    private var sse = 0.0
    private var mean = 0.0
    private var m2 = 0.0
    public init() {}
    public mutating func update(prediction: Double, target: Double) {
        count += 1
        let d = prediction - target
        sse += d * d
        let delta = target - mean
        mean += delta / Double(count)
        m2 += delta * (target - mean)
    }
    /// NaN until the target has varied.
    public var value: Double { m2 > 0 ? 1 - sse / m2 : .nan }
}
