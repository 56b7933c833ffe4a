import SlipstreamJSON
import SlipstreamLearn

/// Pulls the target and the feature fields out of one parsed JSON object into a `FeatureVector`, recording every
/// missing or mistyped value in `InputIssues`.
///
/// Two paths give the same features and the same transform state:
/// * ``fastRecord(_:encoder:into:)``: a `JSONRecordScanner` reads the wanted fields of a flat line straight into
///   their slots in one pass over its bytes. It takes only lines with nothing to report (every field present and of
///   its kind, the target usable as is) and otherwise changes nothing, so that the line goes to the general path.
/// * ``target(_:line:issues:)`` and ``features(_:line:encoder:into:issues:)`` on a field table from a `JSONReader`:
///   any line, every problem recorded with its line number. Field lookups compare key bytes (no strings are built)
///   and start at the position the field had in the previous line.
struct RecordExtractor {
    let task: ProgressiveMetrics.Task
    let targetName: [UInt8]
    /// Every feature name's bytes in one buffer (numeric first), so that a record needs one buffer access
    /// instead of one array per field.
    let nameBytes: [UInt8]
    let nameRanges: [Range<Int>]
    let numericLabels: [String]
    let categoricalLabels: [String]
    let targetLabel: String
    private var targetHint = 0
    private var numericHints: [Int]
    private var categoricalHints: [Int]
    /// This record's numeric values (NaN: missing), handed to the encoder in one call.
    private var numericValues: [Double]
    /// Multiclass: the class index of each label value, in order of first appearance.
    private(set) var classes: [String: Int] = [:]
    private(set) var classNames: [String] = []
    let maxClasses: Int
    /// Reads the target (slot 0), then the numeric and the categorical fields, from flat lines.
    let scanner: JSONRecordScanner

    init(task: ProgressiveMetrics.Task, target: String, spec: FeatureSpec, maxClasses: Int, classNames: [String] = []) {
        self.task = task
        self.targetLabel = target
        self.targetName = Array(target.utf8)
        self.numericLabels = spec.numeric.map(\.name)
        self.categoricalLabels = spec.categorical.map(\.name)
        var bytes: [UInt8] = [], ranges: [Range<Int>] = []
        for name in numericLabels + categoricalLabels {
            ranges.append(bytes.count..<bytes.count + name.utf8.count)
            bytes += Array(name.utf8)
        }
        self.nameBytes = bytes
        self.nameRanges = ranges
        self.numericHints = Array(repeating: 0, count: numericLabels.count)
        self.categoricalHints = Array(repeating: 0, count: categoricalLabels.count)
        self.numericValues = Array(repeating: .nan, count: numericLabels.count)
        self.maxClasses = maxClasses
        self.scanner = JSONRecordScanner(fields: [target] + numericLabels + categoricalLabels)
        for name in classNames where classes[name] == nil {
            classes[name] = self.classNames.count
            self.classNames.append(name)
        }
    }

    /// The fast path: encodes a flat line's features into `x` (begun and finished) and returns its target, or
    /// returns nil without touching the encoder or `x` when the line needs the general path: it is not a flat
    /// object the scanner reads, or it has something to report (a missing field, a value of the wrong kind, a
    /// binary target other than 0/1, a new class).
    mutating func fastRecord(_ line: UnsafeRawBufferPointer, encoder: inout FeatureEncoder, into x: inout FeatureVector) -> Double? {
        guard let record = scanner.scan(line) else { return nil }
        let t = record[0]
        let y: Double
        switch task {
        case .binary:
            if let v = t.double, v == 0 || v == 1 { y = v } else if let b = t.bool { y = b ? 1 : 0 } else { return nil }
        case .regression:
            guard let v = t.double else { return nil }
            y = v
        case .multiclass:
            guard t.kind == .string || t.kind == .number || t.kind == .bool,
                  let c = classes[t.valueBytes.string] else { return nil }
            y = Double(c)
        }
        let numericCount = numericValues.count
        for k in 0..<numericCount {
            let f = record[1 + k]
            if let v = f.double {
                numericValues[k] = v
            } else if let b = f.bool {
                numericValues[k] = b ? 1 : 0
            } else if f.isNull {
                numericValues[k] = .nan
            } else {
                return nil
            }
        }
        let firstCategorical = 1 + numericCount
        for k in firstCategorical..<record.count where record[k].isMissing { return nil }
        encoder.begin(&x)
        if numericCount > 0 {
            numericValues.withUnsafeBufferPointer { encoder.addNumerics($0, to: &x) }
        }
        for k in firstCategorical..<record.count {
            let f = record[k]
            if !f.isNull { encoder.addCategorical(k - firstCategorical, utf8: f.valueBytes.buffer, to: &x) }
        }
        encoder.finish(&x)
        return y
    }

    @inline(__always)
    static func find(_ name: [UInt8], in table: JSONFieldTable, hint: inout Int) -> Int? {
        let i = name.withUnsafeBytes { table.index(ofKey: $0, hint: hint) }
        if let i { hint = i }
        return i
    }

    @inline(__always)
    static func find(_ name: UnsafeRawBufferPointer, in table: JSONFieldTable, hint: inout Int) -> Int? {
        let i = table.index(ofKey: name, hint: hint)
        if let i { hint = i }
        return i
    }

    /// The target of a record, or nil (recorded) when it is missing or unusable.
    mutating func target(_ table: JSONFieldTable, line: Int, issues: inout InputIssues) -> Double? {
        guard let i = Self.find(targetName, in: table, hint: &targetHint) else {
            issues.record("target field '\(targetLabel)' is missing; line skipped", line: line, skipsLine: true)
            return nil
        }
        let f = table[i]
        switch task {
        case .binary:
            if let v = f.double, v.isFinite {
                guard v == 0 || v == 1 else {
                    issues.record("target '\(targetLabel)' is not 0/1 (values > 0.5 count as 1)", line: line,
                                  example: f.valueBytes.string)
                    return v > 0.5 ? 1 : 0
                }
                return v
            }
            if let b = f.bool { return b ? 1 : 0 }
        case .regression:
            if let v = f.double, v.isFinite { return v }
        case .multiclass:
            if f.kind == .string || f.kind == .number || f.kind == .bool {
                let key = f.valueBytes.string
                if let c = classes[key] { return Double(c) }
                guard classes.count < maxClasses else {
                    issues.record("target '\(targetLabel)' has more than \(maxClasses) classes (--max-classes); line skipped",
                                  line: line, skipsLine: true, example: key)
                    return nil
                }
                classes[key] = classes.count
                classNames.append(key)
                return Double(classes.count - 1)
            }
        }
        let what = task == .binary ? "0/1 or true/false" : task == .regression ? "a number" : "a class label"
        issues.record("target '\(targetLabel)' is not \(what); line skipped", line: line, skipsLine: true,
                      example: "\(f.kind) \(f.valueBytes.string.prefix(40))")
        return nil
    }

    /// Adds the record's features to `x` through `encoder` (which the caller has begun and will finish).
    mutating func features(_ table: JSONFieldTable, line: Int, encoder: inout FeatureEncoder, into x: inout FeatureVector,
                           issues: inout InputIssues) {
        nameBytes.withUnsafeBytes { names in
            addFeatures(table, names: names, line: line, encoder: &encoder, into: &x, issues: &issues)
        }
    }

    private mutating func addFeatures(_ table: JSONFieldTable, names: UnsafeRawBufferPointer, line: Int,
                                      encoder: inout FeatureEncoder, into x: inout FeatureVector, issues: inout InputIssues) {
        let numericCount = numericHints.count
        for k in 0..<numericCount {
            let name = UnsafeRawBufferPointer(rebasing: names[nameRanges[k]])
            var value = Double.nan
            if let i = Self.find(name, in: table, hint: &numericHints[k]) {
                let f = table[i]
                if let v = f.double {
                    value = v
                } else if let b = f.bool {
                    value = b ? 1 : 0
                } else if !f.isNull {
                    issues.record("numeric field '\(numericLabels[k])' is not a number (imputed)", line: line,
                                  example: "\(f.kind) \(f.valueBytes.string.prefix(40))")
                }
            } else {
                issues.record("numeric field '\(numericLabels[k])' is missing (imputed)", line: line)
            }
            numericValues[k] = value
        }
        if numericCount > 0 {
            numericValues.withUnsafeBufferPointer { encoder.addNumerics($0, to: &x) }
        }
        for k in 0..<categoricalHints.count {
            let name = UnsafeRawBufferPointer(rebasing: names[nameRanges[numericCount + k]])
            guard let i = Self.find(name, in: table, hint: &categoricalHints[k]) else {
                issues.record("categorical field '\(categoricalLabels[k])' is missing", line: line)
                continue
            }
            let f = table[i]
            switch f.kind {
            case .string, .number, .bool:
                encoder.addCategorical(k, utf8: f.valueBytes.buffer, to: &x)
            case .null:
                break
            case .object, .array:
                issues.record("categorical field '\(categoricalLabels[k])' is an \(f.kind), not a value (ignored)", line: line)
            }
        }
    }
}
