/// Exact ROC AUC over the most recent `window` events (a ring buffer; the value sorts the window when read).
public struct RollingROCAUC: Codable, Hashable, Sendable {
    /// Events in the window.
    public let window: Int
    private var scores: [Double] = []
    private var labels: [Bool] = []
    private var next = 0

    /// Creates the metric over the last `window` events.
    public init(window: Int = 10_000) {
        precondition(window > 0)
        self.window = window
    }

    /// Adds one score and its label (the oldest leaves when the window is full).
    public mutating func update(score: Double, label: Bool) {
        guard !score.isNaN else { return }
        if scores.count < window {
            scores.append(score); labels.append(label)
        } else {
            scores[next] = score; labels[next] = label
            next = (next + 1) % window
        }
    }

    /// The AUC of the window (NaN until it holds both classes).
    public var value: Double { ROCAUC.auc(ROCAUC.merge([], scores, labels)) }
}
