import Foundation

/// Writes and parses the one-line JSON form of a ``LearningCurvePoint`` (see there for the format).
enum LearningCurveLine {
    /// The JSON line for `point` (without the newline); metrics not in `point.values`, or not finite, are `null`
    /// for the ones the task has (`metrics`) and absent otherwise.
    static func encode(_ point: LearningCurvePoint, metrics: [LearningCurvePoint.Metric]) -> String {
        var line = "{\"time\":\"\(timestamp(point.time))\",\"examples\":\(point.examples),\"learner\":\(quoted(point.learner))"
        for metric in metrics {
            line += ",\"\(metric.rawValue)\":"
            if let value = point.values[metric], value.isFinite { line += "\(value)" } else { line += "null" }
        }
        return line + "}"
    }

    /// Parses one line; the error says which field is wrong and why (the caller adds the line number).
    static func decode(_ line: String) throws(LearningCurveError.Problem) -> LearningCurvePoint {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        } catch {
            throw .init("not valid JSON")
        }
        guard let fields = object as? [String: Any] else { throw .init("not a JSON object") }
        guard let rawTime = fields["time"] else { throw .init("missing field 'time'") }
        let time: Date
        if let text = rawTime as? String {
            guard let parsed = parseTimestamp(text) else {
                throw .init("'time' is not an RFC 3339 timestamp: \(text.prefix(60))")
            }
            time = parsed
        } else if let seconds = number(rawTime), seconds.isFinite {
            time = Date(timeIntervalSince1970: seconds)
        } else {
            throw .init("'time' must be a timestamp string or a number of seconds since 1970")
        }
        guard let rawExamples = fields["examples"] else { throw .init("missing field 'examples'") }
        guard let count = number(rawExamples), count >= 0, count == count.rounded(), count < 1e18 else {
            throw .init("'examples' must be an integer >= 0")
        }
        var learner = LearningCurvePoint.defaultLearner
        if let raw = fields["learner"], !(raw is NSNull) {
            guard let name = raw as? String, !name.isEmpty else { throw .init("'learner' must be a non-empty string") }
            learner = name
        }
        var values: [LearningCurvePoint.Metric: Double] = [:]
        for metric in LearningCurvePoint.Metric.allCases {
            guard let raw = fields[metric.rawValue], !(raw is NSNull) else { continue }
            guard let value = number(raw), value.isFinite else {
                throw .init("'\(metric.rawValue)' must be a number or null")
            }
            if metric.isFraction {
                guard (0...1).contains(value) else { throw .init("'\(metric.rawValue)' must lie in [0, 1], got \(value)") }
            } else {
                guard value >= 0 else { throw .init("'\(metric.rawValue)' must be >= 0, got \(value)") }
            }
            values[metric] = value
        }
        return LearningCurvePoint(time: time, examples: Int(count), learner: learner, values: values)
    }

    /// A JSON number as a Double; booleans (which Foundation also bridges to numbers) are not numbers here.
    private static func number(_ value: Any) -> Double? {
        if let number = value as? NSNumber {
            // On Linux and macOS alike, a JSON true/false arrives as an NSNumber of Objective-C type 'c'.
            if String(cString: number.objCType) == "c" { return nil }
            return number.doubleValue
        }
        return nil
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func parseTimestamp(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
