import Foundation

/// Durations as people type them on a command line or in an environment variable: `500ms`, `5s`, `2m`, `1h`,
/// or a bare number of seconds (`2.5`).
enum DurationText {
    /// The duration `text` stands for, or `nil` when it is not one (or is negative, NaN or absurdly large).
    static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var number = Substring(trimmed)
        var scale = 1.0
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * scale <= 86_400 * 365 else { return nil }
        return .milliseconds(Int64((value * scale * 1000).rounded()))
    }
}
