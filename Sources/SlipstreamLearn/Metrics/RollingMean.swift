/// Mean of the most recent `window` values (e.g. the log loss or absolute error of recent events), O(1) per update.
public struct RollingMean: Codable, Hashable, Sendable {
    /// Values in the window.
    public let window: Int
    private var values: [Double] = []
    private var next = 0
    private var sum = 0.0
    private var sinceResum = 0

    public init(window: Int = 10_000) {
        precondition(window > 0)
        self.window = window
    }

    /// Adds a value.
    public mutating func update(_ x: Double) {
        guard x.isFinite else { return }
        if values.count < window {
            values.append(x)
            sum += x
        } else {
            sum += x - values[next]
            values[next] = x
            next = (next + 1) % window
        }
        sinceResum += 1
        if sinceResum >= window {
            // Recompute now and then so floating-point drift of the running sum cannot accumulate.
            sinceResum = 0
            sum = values.reduce(0, +)
        }
    }

    /// The mean (NaN while empty).
    public var value: Double { values.isEmpty ? .nan : sum / Double(values.count) }
}
