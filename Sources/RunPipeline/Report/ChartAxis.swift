import Foundation

/// One axis of a chart: its range rounded out to "nice" numbers (1, 2 or 5 times a power of ten) and the ticks
/// on it, with labels formatted for what the axis measures.
struct ChartAxis {
    /// What the values are, which decides how tick labels read.
    enum Kind {
        /// A count of examples: 0, 250k, 1.5M.
        case count
        /// Seconds since the start: 0s, 45s, 2m30s, 1h05m.
        case elapsedSeconds
        /// A metric value: 0.85, 0.9.
        case value
    }

    let lower: Double
    let upper: Double
    let ticks: [Double]
    let kind: Kind

    /// An axis covering `minimum`…`maximum` with about `targetTicks` ticks, clamped to `limits` when given.
    init(minimum: Double, maximum: Double, kind: Kind, targetTicks: Int = 5, limits: ClosedRange<Double>? = nil) {
        var low = minimum
        var high = maximum
        if high - low < 1e-12 {
            let pad = Swift.max(abs(low) * 0.05, kind == .value ? 0.01 : 1)
            low -= pad
            high += pad
        }
        if let limits {
            low = Swift.max(low, limits.lowerBound)
            high = Swift.min(high, limits.upperBound)
        }
        let step = Self.niceStep((high - low) / Double(Swift.max(1, targetTicks)))
        var lower = (low / step).rounded(.down) * step
        var upper = (high / step).rounded(.up) * step
        if let limits {
            lower = Swift.max(lower, limits.lowerBound)
            upper = Swift.min(upper, limits.upperBound)
        }
        var ticks: [Double] = []
        var tick = (lower / step).rounded(.up) * step
        while tick <= upper + step * 1e-9 {
            ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        self.lower = lower
        self.upper = upper
        self.ticks = ticks
        self.kind = kind
    }

    /// Where `value` falls on the axis, 0 (lower end) … 1 (upper end).
    func position(_ value: Double) -> Double {
        upper > lower ? (value - lower) / (upper - lower) : 0.5
    }

    func label(_ value: Double) -> String {
        switch kind {
        case .count: Self.countLabel(value)
        case .elapsedSeconds: Self.durationLabel(value)
        case .value: Self.valueLabel(value, step: ticks.count > 1 ? ticks[1] - ticks[0] : 0.1)
        }
    }

    /// The smallest of 1, 2, 5 × 10^k not below `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= rough * (1 - 1e-9) { return factor * magnitude }
        return 10 * magnitude
    }

    static func countLabel(_ value: Double) -> String {
        let magnitude = abs(value)
        func trimmed(_ number: Double, _ suffix: String) -> String {
            let text = String(format: "%.2f", number)
                .replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
            return text + suffix
        }
        if magnitude >= 1e9 { return trimmed(value / 1e9, "G") }
        if magnitude >= 1e6 { return trimmed(value / 1e6, "M") }
        if magnitude >= 1e3 { return trimmed(value / 1e3, "k") }
        return trimmed(value, "")
    }

    static func durationLabel(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3_600 { return total % 60 == 0 ? "\(total / 60)m" : String(format: "%dm%02ds", total / 60, total % 60) }
        return String(format: "%dh%02dm", total / 3_600, (total % 3_600) / 60)
    }

    static func valueLabel(_ value: Double, step: Double) -> String {
        let decimals = step > 0 ? Swift.min(6, Swift.max(0, Int((-log10(step)).rounded(.up)))) : 2
        return String(format: "%.\(decimals)f", value)
    }
}
