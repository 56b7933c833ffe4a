/// Mean absolute error.
public struct MAE: Codable, Hashable, Sendable {
    public private(set) var count = 0
    private var sum = 0.0
    public init() {}
    public mutating func update(prediction: Double, target: Double) {
        count += 1
        sum += abs(prediction - target)
    }
    /// NaN before the first event.
    public var value: Double { count > 0 ? sum / Double(count) : .nan }
}
