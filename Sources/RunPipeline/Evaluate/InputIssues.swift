import Foundation

/// Problems found in the input, counted per kind (and per field), each with the first few line numbers, so that the
/// final report says exactly where to look. Nothing here stops the run.
struct InputIssues {
    struct Entry {
        var count = 0
        var lines: [Int] = []
        var example = ""
    }

    static let linesKept = 5
    private(set) var entries: [String: Entry] = [:]
    private(set) var order: [String] = []
    /// Lines dropped entirely (unparseable, or no usable target).
    private(set) var skippedLines = 0

    /// Records one occurrence of `problem` on `line`; `example` (built only for the first few) shows the value.
    mutating func record(_ problem: String, line: Int, skipsLine: Bool = false, example: @autoclosure () -> String = "") {
        if skipsLine { skippedLines += 1 }
        if entries[problem] == nil {
            entries[problem] = Entry()
            order.append(problem)
        }
        entries[problem]!.count += 1
        if entries[problem]!.lines.count < Self.linesKept {
            entries[problem]!.lines.append(line)
            if entries[problem]!.example.isEmpty { entries[problem]!.example = example() }
        }
    }

    var isEmpty: Bool { order.isEmpty }

    /// One line per problem: `  12 lines: field 'x3' is not a number (lines 4, 9, 17, ...; e.g. "abc")`.
    var report: [String] {
        order.map { p in
            let e = entries[p]!
            let more = e.count > e.lines.count ? ", ..." : ""
            let lines = e.lines.map(String.init).joined(separator: ", ")
            let ex = e.example.isEmpty ? "" : "; first: \(e.example)"
            return "\(e.count) line\(e.count == 1 ? "" : "s"): \(p) (line\(e.lines.count == 1 ? "" : "s") \(lines)\(more)\(ex))"
        }
    }

    /// The problems as a JSON object fragment: {"<problem>": {"count": n, "lines": [...]}, ...}.
    var json: String {
        let items = order.map { p -> String in
            let e = entries[p]!
            return "\(JSONText.quote(p)):{\"count\":\(e.count),\"lines\":[\(e.lines.map(String.init).joined(separator: ","))]}"
        }
        return "{" + items.joined(separator: ",") + "}"
    }
}

/// Minimal JSON text helpers for the report line.
enum JSONText {
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 { out += String(format: "\\u%04x", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }

    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "null" }
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
