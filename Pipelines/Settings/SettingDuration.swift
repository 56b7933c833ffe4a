import Foundation

/// Durations as settings write them: a whole or decimal number followed by `ms`, `s`, `m`, `h` or `d`
/// (`500ms`, `1.5s`, `10m`, `12h`, `30d`).
public enum SettingDuration {
    /// The duration `text` writes, or `nil` when it is not one (negative, no unit, unknown unit).
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, milliseconds: Double)] = [
            ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
        ]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
            // "5ms" also ends in "s": only accept a plain number before the suffix.
            guard let value = Double(number), value.isFinite, value >= 0 else { continue }
            let milliseconds = value * unit.milliseconds
            guard milliseconds < Double(Int64.max / 1_000_000) else { return nil }
            return .nanoseconds(Int64((milliseconds * 1_000_000).rounded()))
        }
        return nil
    }

    /// `duration` in the largest unit that writes it whole (`30d`, `90m`, `1500ms`).
    public static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        for (suffix, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
        where milliseconds != 0 && milliseconds % size == 0 {
            return "\(milliseconds / size)\(suffix)"
        }
        return "\(milliseconds)ms"
    }
}
