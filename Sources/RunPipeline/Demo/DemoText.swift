import Foundation

/// Number and duration formatting for the demo's console output.
enum DemoText {
    /// 1234567 -> "1,234,567".
    static func count(_ value: Int) -> String {
        ProgressLine.grouped(value)
    }

    /// `value` with `digits` decimals ("n/a" when not finite).
    static func decimal(_ value: Double, _ digits: Int) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "n/a"
    }

    /// A share as a percentage with two decimals.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole > 0 ? String(format: "%.2f%%", 100 * Double(part) / Double(whole)) : "0%"
    }

    /// Milliseconds of event time in the largest fitting unit ("1 day", "12 h", "30 min").
    static func duration(_ milliseconds: Int64) -> String {
        switch milliseconds {
        case 86_400_000...: milliseconds % 86_400_000 == 0 ? plural(milliseconds / 86_400_000, "day") : "\(decimal(Double(milliseconds) / 86_400_000, 1)) days"
        case 3_600_000...: "\(decimal(Double(milliseconds) / 3_600_000, 1)) h"
        case 60_000...: "\(decimal(Double(milliseconds) / 60_000, 1)) min"
        default: "\(decimal(Double(milliseconds) / 1_000, 1)) s"
        }
    }

    private static func plural(_ value: Int64, _ unit: String) -> String {
        "\(value) \(unit)\(value == 1 ? "" : "s")"
    }
}
