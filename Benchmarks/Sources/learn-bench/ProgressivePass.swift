import Foundation
import SlipstreamJSON
import SlipstreamLearn

/// One progressive-validation pass of Slipstream over a JSON Lines file, timed from the first byte read to the
/// last event learnt: read, parse (simdjson), look fields up, encode features (hashing from the parsed bytes,
/// online scaling), predict, score (log loss, accuracy, exact AUC), learn. The out-of-the-box configuration of
/// `run-pipeline evaluate` (logistic regression, adaptive optimizer, 22 bits).
enum ProgressivePass {
    struct Result {
        var examples: Int
        var seconds: Double
        var logloss: Double
        var accuracy: Double
        var auc: Double
        var examplesPerSecond: Double { Double(examples) / seconds }
    }

    static func run(path: String, numeric: [String], categorical: [String], target: String = "label") throws -> Result {
        let spec = FeatureSpec(numeric: numeric.map { FeatureSpec.Numeric($0) },
                               categorical: categorical.map { FeatureSpec.Categorical($0) }, hashBits: 22)
        var encoder = try FeatureEncoder(spec: spec)
        var learner = try LogisticRegression(configuration: LearnerConfiguration(
            model: .logistic, hashBits: 22, denseSlots: encoder.denseSlots))
        var metrics = ProgressiveMetrics(task: .binary)
        var x = encoder.makeVector()
        let reader = JSONReader()
        let names: [[UInt8]] = ([target] + numeric + categorical).map { Array($0.utf8) }
        var flat: [UInt8] = []
        var ranges: [Range<Int>] = []
        for n in names {
            ranges.append(flat.count..<flat.count + n.count)
            flat += n
        }
        var hints = Array(repeating: 0, count: names.count)
        var values = Array(repeating: Double.nan, count: numeric.count)
        var failures = 0
        let start = DispatchTime.now().uptimeNanoseconds
        try flat.withUnsafeBytes { nameBytes in
            try LineFile.forEachLine(path: path) { line in
                guard let table = try? reader.parseObject(line) else { failures += 1; return }
                func field(_ k: Int) -> JSONField? {
                    guard let i = table.index(ofKey: UnsafeRawBufferPointer(rebasing: nameBytes[ranges[k]]), hint: hints[k]) else { return nil }
                    hints[k] = i
                    return table[i]
                }
                guard let y = field(0)?.double else { failures += 1; return }
                encoder.begin(&x)
                if !numeric.isEmpty {
                    for k in 0..<numeric.count { values[k] = field(1 + k)?.double ?? .nan }
                    values.withUnsafeBufferPointer { encoder.addNumerics($0, to: &x) }
                }
                for k in 0..<categorical.count {
                    if let f = field(1 + numeric.count + k) { encoder.addCategorical(k, utf8: f.valueBytes.buffer, to: &x) }
                }
                encoder.finish(&x)
                metrics.update(learner.predictThenLearn(x, target: y), target: y)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if failures > 0 { throw BenchError("\(failures) lines of \(path) could not be used") }
        return Result(examples: metrics.count, seconds: seconds, logloss: metrics.logLoss.value,
                      accuracy: metrics.accuracy.value, auc: metrics.auc.value)
    }
}
