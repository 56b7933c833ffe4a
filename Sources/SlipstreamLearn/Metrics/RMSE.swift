/// Root mean squared error.
public struct RMSE: Codable, Hashable, Sendable {
    public private(set) var count = 0
    private var sum = 0.0
    public init() {}
    public mutating func update(prediction: Double, target: Double) {
        count += 1
        let d = prediction - target
        sum += d * d
    }
    /// NaN before the first event.
    public var value: Double { count > 0 ? (sum / Double(count)).squareRoot() : .nan }
}
