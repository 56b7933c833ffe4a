import Foundation
import SlipstreamLearn
import Yams

/// Reads the YAML form of the `evaluate` options (`--spec FILE`): one mapping whose keys are the long option names
/// without dashes in front (`learning-rate: 0.5`, `numeric: [x0, x1]`). Unknown keys and values of the wrong type
/// are reported with their line, so a typo never silently falls back to a default.
enum EvaluateSpecFile {
    static let knownKeys = [
        "input", "target", "numeric", "categorical", "one-hot", "target-encode", "buckets", "cross", "model",
        "optimizer", "learning-rate", "power-t", "schedule", "alpha", "beta", "l1", "l2", "bits", "seed",
        "intercept", "scaling", "missing-indicators", "max-classes", "window", "limit", "progress-seconds",
        "save-model", "load-model", "json", "curve", "curve-every",
    ]

    static func load(path: String) throws(EvaluateUsageError) -> EvaluateSettings {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw EvaluateUsageError("cannot read the spec file '\(path)': \(error.localizedDescription)")
        }
        return try parse(text, name: path)
    }

    static func parse(_ text: String, name: String) throws(EvaluateUsageError) -> EvaluateSettings {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw EvaluateUsageError("\(name): invalid YAML: \(describe(error, name: name))")
        } catch {
            throw EvaluateUsageError("\(name): invalid YAML: \(error)")
        }
        guard let root else { throw EvaluateUsageError("\(name): the spec is empty") }
        guard case .mapping(let mapping) = root else {
            throw EvaluateUsageError("\(name):\(line(root)): the spec must be a mapping of option names to values")
        }
        var s = EvaluateSettings()
        var seen = Set<String>()
        for (keyNode, value) in mapping {
            let at = "\(name):\(line(keyNode))"
            guard let key = keyNode.string else { throw EvaluateUsageError("\(at): keys must be option names") }
            guard knownKeys.contains(key) else {
                let hint = suggestion(for: key).map { " (did you mean '\($0)'?)" } ?? ""
                throw EvaluateUsageError("\(at): unknown field '\(key)'\(hint); known fields: \(knownKeys.joined(separator: ", "))")
            }
            guard seen.insert(key).inserted else { throw EvaluateUsageError("\(at): '\(key)' is given twice") }
            let vat = "\(name):\(line(value))"
            switch key {
            case "input": s.input = try string(value, key, vat)
            case "target": s.target = try string(value, key, vat)
            case "numeric": s.numeric = try list(value, key, vat)
            case "categorical": s.categorical = try list(value, key, vat)
            case "one-hot": s.oneHot = try list(value, key, vat)
            case "target-encode": s.targetEncode = try list(value, key, vat)
            case "buckets": s.buckets = try list(value, key, vat, splitCommas: false)
            case "cross": s.crosses = try list(value, key, vat)
            case "model":
                let v = try string(value, key, vat)
                guard let m = ModelKind(rawValue: v) else {
                    throw EvaluateUsageError("\(vat): 'model' must be one of \(ModelKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(v)'")
                }
                s.model = m
            case "optimizer":
                let v = try string(value, key, vat)
                guard let o = OptimizerKind(rawValue: v) else {
                    throw EvaluateUsageError("\(vat): 'optimizer' must be one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(v)'")
                }
                s.optimizer = o
            case "learning-rate": s.learningRate = try number(value, key, vat)
            case "power-t": s.powerT = try number(value, key, vat)
            case "schedule": s.schedule = try string(value, key, vat)
            case "alpha": s.alpha = try number(value, key, vat)
            case "beta": s.beta = try number(value, key, vat)
            case "l1": s.l1 = try number(value, key, vat)
            case "l2": s.l2 = try number(value, key, vat)
            case "bits": s.bits = try integer(value, key, vat)
            case "seed": s.seed = try integer(value, key, vat)
            case "intercept": s.intercept = try bool(value, key, vat)
            case "scaling":
                let v = try string(value, key, vat)
                guard let sc = FeatureSpec.Scaling(rawValue: v) else {
                    throw EvaluateUsageError("\(vat): 'scaling' must be one of standard, minmax, none, got '\(v)'")
                }
                s.scaling = sc
            case "missing-indicators": s.missingIndicators = try bool(value, key, vat)
            case "max-classes": s.maxClasses = try integer(value, key, vat)
            case "window": s.window = try integer(value, key, vat)
            case "limit": s.limit = try integer(value, key, vat)
            case "progress-seconds": s.progressSeconds = try number(value, key, vat)
            case "save-model": s.saveModel = try string(value, key, vat)
            case "load-model": s.loadModel = try string(value, key, vat)
            case "json": s.json = try bool(value, key, vat)
            case "curve": s.curve = try string(value, key, vat)
            case "curve-every": s.curveEvery = try integer(value, key, vat)
            default: break
            }
        }
        return s
    }

    static func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    static func scalarText(_ node: Node) -> String? {
        if case .scalar(let s) = node { return s.string }
        return nil
    }

    static func string(_ node: Node, _ key: String, _ at: String) throws(EvaluateUsageError) -> String {
        guard let v = scalarText(node), !v.isEmpty else { throw EvaluateUsageError("\(at): '\(key)' must be a text value") }
        return v
    }

    static func number(_ node: Node, _ key: String, _ at: String) throws(EvaluateUsageError) -> Double {
        guard let t = scalarText(node) else { throw EvaluateUsageError("\(at): '\(key)' must be a number") }
        guard let v = Double(t), v.isFinite else { throw EvaluateUsageError("\(at): '\(key)' must be a number, got '\(t)'") }
        return v
    }

    static func integer(_ node: Node, _ key: String, _ at: String) throws(EvaluateUsageError) -> Int {
        guard let t = scalarText(node) else { throw EvaluateUsageError("\(at): '\(key)' must be an integer") }
        guard let v = Int(t) else { throw EvaluateUsageError("\(at): '\(key)' must be an integer, got '\(t)'") }
        return v
    }

    static func bool(_ node: Node, _ key: String, _ at: String) throws(EvaluateUsageError) -> Bool {
        switch scalarText(node)?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let t: throw EvaluateUsageError("\(at): '\(key)' must be true or false, got '\(t ?? "a list")'")
        }
    }

    static func list(_ node: Node, _ key: String, _ at: String, splitCommas: Bool = true) throws(EvaluateUsageError) -> [String] {
        switch node {
        case .scalar(let s):
            return splitCommas ? s.string.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : [s.string]
        case .sequence(let seq):
            var out: [String] = []
            for item in seq {
                guard let t = scalarText(item), !t.isEmpty else {
                    let file = at.lastIndex(of: ":").map { String(at[..<$0]) } ?? at
                    throw EvaluateUsageError("\(file):\(line(item)): items of '\(key)' must be field names")
                }
                out.append(t)
            }
            return out
        default:
            throw EvaluateUsageError("\(at): '\(key)' must be a list of field names")
        }
    }

    static func suggestion(for key: String) -> String? {
        knownKeys.min { distance($0, key) < distance($1, key) }.flatMap { distance($0, key) <= 3 ? $0 : nil }
    }

    /// Edit distance, for "did you mean".
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return row[b.count]
    }

    static func describe(_ error: YamlError, name: String) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        default:
            return "\(error)"
        }
    }
}
