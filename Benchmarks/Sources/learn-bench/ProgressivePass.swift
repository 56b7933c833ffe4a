import Foundation
import SlipstreamJSON
import SlipstreamLearn

/// One progressive-validation pass of Slipstream over a JSON Lines file, timed from the first byte read to the
/// last event learnt: read, parse, encode features (hashing from the parsed bytes, online scaling), predict, score
/// (log loss, accuracy, exact AUC), learn. The out-of-the-box configuration of `run-pipeline evaluate` (logistic
/// regression, adaptive optimizer, 22 bits), read the way evaluate reads: flat lines through the
/// `JSONRecordScanner` fast path, anything else through `JSONReader` (simdjson) and a field table.
enum ProgressivePass {
    struct Result {
        var examples: Int
        var seconds: Double
        /// CPU time of the pass (this thread): less sensitive than `seconds` to other processes on a shared machine.
        var cpuSeconds: Double
        var logloss: Double
        var accuracy: Double
        var auc: Double
        /// Lines that took the general path (not flat, or something to report).
        var generalPathLines: Int
        var examplesPerSecond: Double { Double(examples) / seconds }
        var examplesPerCPUSecond: Double { Double(examples) / cpuSeconds }
    }

    static func run(path: String, numeric: [String], categorical: [String], target: String = "label") throws -> Result {
        let spec = FeatureSpec(numeric: numeric.map { FeatureSpec.Numeric($0) },
                               categorical: categorical.map { FeatureSpec.Categorical($0) }, hashBits: 22)
        var pass = try Pass(spec: spec, target: target)
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = threadCPUSeconds()
        try LineFile.forEachLine(path: path) { line in pass.step(line) }
        let cpuSeconds = threadCPUSeconds() - cpuStart
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if pass.failures > 0 { throw BenchError("\(pass.failures) lines of \(path) could not be used") }
        return Result(examples: pass.metrics.count, seconds: seconds, cpuSeconds: cpuSeconds, logloss: pass.metrics.logLoss.value,
                      accuracy: pass.metrics.accuracy.value, auc: pass.metrics.auc.value,
                      generalPathLines: pass.generalPathLines)
    }

    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// The state of a pass, stepped once per line (a struct, so that the per-line accesses are checked statically
    /// rather than through closure captures).
    struct Pass {
        var encoder: FeatureEncoder
        var learner: LogisticRegression
        var metrics = ProgressiveMetrics(task: .binary)
        var x: FeatureVector
        let scanner: JSONRecordScanner
        let reader = JSONReader()
        let numericCount: Int
        let names: [String]
        var values: [Double]
        var failures = 0
        var generalPathLines = 0

        init(spec: FeatureSpec, target: String) throws {
            encoder = try FeatureEncoder(spec: spec)
            learner = try LogisticRegression(configuration: LearnerConfiguration(
                model: .logistic, hashBits: 22, denseSlots: encoder.denseSlots))
            x = encoder.makeVector()
            numericCount = spec.numeric.count
            names = [target] + spec.fieldNames
            scanner = JSONRecordScanner(fields: names)
            values = Array(repeating: .nan, count: numericCount)
        }

        mutating func step(_ line: UnsafeRawBufferPointer) {
            let y: Double
            if let record = scanner.scan(line), let target = record[0].double, fastFeatures(record) {
                y = target
            } else if let target = generalPath(line) {
                generalPathLines += 1
                y = target
            } else {
                failures += 1
                return
            }
            metrics.update(learner.predictThenLearn(x, target: y), target: y)
        }

        /// Encodes a scanned record; false (nothing encoded) when a field is missing or of the wrong kind.
        mutating func fastFeatures(_ record: JSONScannedRecord) -> Bool {
            for k in 0..<numericCount {
                guard let v = record[1 + k].double else { return false }
                values[k] = v
            }
            for k in (1 + numericCount)..<record.count where record[k].isMissing { return false }
            encoder.begin(&x)
            if numericCount > 0 { values.withUnsafeBufferPointer { encoder.addNumerics($0, to: &x) } }
            for k in (1 + numericCount)..<record.count where !record[k].isNull {
                encoder.addCategorical(k - 1 - numericCount, utf8: record[k].valueBytes.buffer, to: &x)
            }
            encoder.finish(&x)
            return true
        }

        /// The general path: a field table from simdjson, fields looked up by name.
        mutating func generalPath(_ line: UnsafeRawBufferPointer) -> Double? {
            guard let table = try? reader.parseObject(line), let y = table[names[0]]?.double else { return nil }
            encoder.begin(&x)
            for k in 0..<numericCount { values[k] = table[names[1 + k]]?.double ?? .nan }
            if numericCount > 0 { values.withUnsafeBufferPointer { encoder.addNumerics($0, to: &x) } }
            for k in (1 + numericCount)..<names.count {
                if let f = table[names[k]], !f.isNull { encoder.addCategorical(k - 1 - numericCount, utf8: f.valueBytes.buffer, to: &x) }
            }
            encoder.finish(&x)
            return y
        }
    }
}
