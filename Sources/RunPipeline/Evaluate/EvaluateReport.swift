import Foundation
import SlipstreamLearn

/// The final report of `evaluate`: a table for people and, with `--json`, one JSON object as the last line.
enum EvaluateReport {
    static func grouped(_ n: Int) -> String {
        let s = String(abs(n))
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    static func format(_ v: Double) -> String { v.isFinite ? String(format: "%.6f", v) : "n/a" }

    static func table(_ o: EvaluateOutcome, _ r: ResolvedEvaluation) -> [String] {
        var rows: [(String, String)] = []
        rows.append(("input", r.input))
        rows.append(("model", "\(r.learner.model.rawValue), optimizer \(r.learner.optimizer.kind.rawValue), \(r.spec.hashBits) bits"))
        rows.append(("examples", grouped(o.examples)))
        for (name, value) in o.metrics.summary { rows.append((name.replacingOccurrences(of: "_", with: " "), format(value))) }
        if r.task == .multiclass { rows.append(("classes", "\(o.classNames.count)")) }
        rows.append(("seconds", String(format: "%.3f", o.seconds)))
        rows.append(("examples/s", grouped(Int(o.seconds > 0 ? Double(o.examples) / o.seconds : 0))))
        if o.issues.skippedLines > 0 { rows.append(("skipped lines", grouped(o.issues.skippedLines))) }
        if let m = o.savedModel { rows.append(("model saved to", m)) }
        let width = rows.map(\.0.count).max() ?? 0
        var lines = rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        if !o.issues.isEmpty {
            lines.append("input problems:")
            lines += o.issues.report.map { "  " + $0 }
        }
        return lines
    }

    static func json(_ o: EvaluateOutcome, _ r: ResolvedEvaluation) -> String {
        var fields: [(String, String)] = [
            ("examples", String(o.examples)),
            ("model", JSONText.quote(r.learner.model.rawValue)),
            ("optimizer", JSONText.quote(r.learner.optimizer.kind.rawValue)),
        ]
        for (name, value) in o.metrics.summary { fields.append((name, JSONText.number(value))) }
        fields.append(("seconds", JSONText.number(o.seconds)))
        fields.append(("examples_per_s", JSONText.number((o.seconds > 0 ? Double(o.examples) / o.seconds : 0).rounded())))
        fields.append(("skipped_lines", String(o.issues.skippedLines)))
        fields.append(("input_problems", o.issues.json))
        if r.task == .multiclass { fields.append(("classes", "[" + o.classNames.map(JSONText.quote).joined(separator: ",") + "]")) }
        if let m = o.savedModel { fields.append(("model_file", JSONText.quote(m))) }
        return "{" + fields.map { "\(JSONText.quote($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }
}
