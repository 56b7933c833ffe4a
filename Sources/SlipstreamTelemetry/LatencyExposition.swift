/// Writes a ``LatencySummary`` as a Prometheus histogram family (`_bucket` with `le` in seconds, `_sum`,
/// `_count`). The histogram is kept outside the registry because the registry's histograms take a lock per
/// recorded value, which the per-event latency cannot afford.
enum LatencyExposition {
    static func write(
        _ summary: LatencySummary, name: String, labels: [(String, String)], help: String, into buffer: inout [UInt8]
    ) {
        var text = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        let labelText = labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
        for bound in LatencyHistogram.exportedBounds {
            let le = formatSeconds(bound)
            text += "\(name)_bucket{\(labelText),le=\"\(le)\"} \(summary.cumulativeCount(atOrBelow: bound))\n"
        }
        let total = summary.count
        text += "\(name)_bucket{\(labelText),le=\"+Inf\"} \(total)\n"
        text += "\(name)_sum{\(labelText)} \(Double(summary.sumNanoseconds) / 1e9)\n"
        text += "\(name)_count{\(labelText)} \(total)\n"
        buffer.append(contentsOf: text.utf8)
    }

    /// `nanoseconds` in seconds, without a trailing `.0` noise beyond what the value needs.
    static func formatSeconds(_ nanoseconds: Int64) -> String {
        let seconds = Double(nanoseconds) / 1e9
        return "\(seconds)"
    }

    /// A label value escaped as the exposition format requires (backslash, double quote, newline).
    static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
