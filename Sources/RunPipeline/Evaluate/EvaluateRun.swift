import Foundation
import SlipstreamJSON
import SlipstreamLearn

/// What a finished evaluation produced.
struct EvaluateOutcome {
    var metrics: ProgressiveMetrics
    var seconds: Double
    var examples: Int
    var issues: InputIssues
    var classNames: [String]
    var savedModel: String?
}

/// Progressive validation over a JSON Lines file: parse each line, build its features, predict, score, learn.
enum EvaluateRun {
    /// Lines looked at before the run to catch misspelled field names.
    static let fieldCheckLines = 1000

    /// Fails when a named field appears in none of the first lines (a typo would otherwise make every value
    /// "missing" and the model silently useless).
    static func checkFields(_ r: ResolvedEvaluation, file: LineReader, reader: JSONReader) throws {
        let wanted = [r.target] + r.spec.fieldNames
        var seen = Set<String>()
        var present = Set<String>()
        var looked = 0
        try file.forEachLine(skippingBlank: true) { line, _ in
            looked += 1
            if let table = try? reader.parseObject(line) {
                for i in 0..<table.count where present.count < 10_000 { present.insert(table.key(at: i).string) }
                for name in wanted where !seen.contains(name) {
                    if table.index(ofKey: name) != nil { seen.insert(name) }
                }
            }
            return looked < fieldCheckLines && seen.count < wanted.count
        }
        guard looked > 0 else { throw EvaluateUsageError("input file '\(r.input)' holds no lines") }
        let unknown = wanted.filter { !seen.contains($0) }
        guard unknown.isEmpty else {
            let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
            let fields = present.sorted().prefix(60).joined(separator: ", ")
            throw EvaluateUsageError(
                "unknown field\(unknown.count == 1 ? "" : "s") \(names): not in any of the first \(looked) lines of '\(r.input)' (fields there: \(fields.isEmpty ? "none, the lines are not JSON objects" : fields))")
        }
    }

    static func run(_ r: ResolvedEvaluation, progress: @escaping (String) -> Void) throws -> EvaluateOutcome {
        switch r.learner.model {
        case .logistic: return try run(LogisticRegression.self, r, progress: progress)
        case .linear: return try run(LinearRegression.self, r, progress: progress)
        case .softmax: return try run(SoftmaxRegression.self, r, progress: progress)
        }
    }

    static func run<L: OnlineLearner>(_: L.Type, _ r: ResolvedEvaluation, progress: @escaping (String) -> Void) throws -> EvaluateOutcome {
        let file: LineReader
        do {
            file = try LineReader(path: r.input, chunkSize: 4 << 20)
        } catch {
            throw EvaluateUsageError(error.description)
        }
        // The field check reads the first lines, then the run reads everything from the start.
        guard file.canRewind else { throw EvaluateUsageError("--input must be a file: evaluate cannot read standard input") }
        let reader = JSONReader()
        try checkFields(r, file: file, reader: reader)

        var encoder = try FeatureEncoder(spec: r.spec)
        var learner = try L(configuration: r.learner)
        var classNames: [String] = []
        if let path = r.loadModel {
            (learner, encoder, classNames) = try loadModel(L.self, path: path, r)
        }
        var x = encoder.makeVector()
        var extractor = RecordExtractor(task: r.task, target: r.target, spec: r.spec, maxClasses: r.learner.maxClasses,
                                        classNames: classNames)
        var issues = InputIssues()
        var validation = ProgressiveValidation(learner: learner, task: r.task, window: r.window)
        let clock = ContinuousClock()
        let start = clock.now
        var lastProgress = start
        var examples = 0
        let limit = r.limit ?? Int.max
        let progressEvery = Duration.milliseconds(Int64(r.progressSeconds * 1000))
        var curve = try r.curve.map { path throws(LearningCurveError) in
            try EvaluateCurve(path: path, every: r.curveEvery, learner: r.learner.model.rawValue, task: r.task)
        }

        try file.forEachLine(skippingBlank: true) { line, number in
            let y: Double
            if let fast = extractor.fastRecord(line, encoder: &encoder, into: &x) {
                y = fast
            } else {
                let table: JSONFieldTable
                do { table = try reader.parseObject(line) } catch {
                    issues.record("not a JSON object; line skipped", line: number, skipsLine: true, example: "\(error)")
                    return true
                }
                guard let target = extractor.target(table, line: number, issues: &issues) else { return true }
                y = target
                encoder.begin(&x)
                extractor.features(table, line: number, encoder: &encoder, into: &x, issues: &issues)
                encoder.finish(&x)
            }
            validation.step(x, target: y)
            encoder.learnTarget(y)
            examples += 1
            try curve?.step(examples: examples, metrics: validation.metrics)
            if examples & 8191 == 0 && r.progressSeconds > 0 {
                let now = clock.now
                if now - lastProgress >= progressEvery {
                    lastProgress = now
                    progress(progressLine(validation.metrics, seconds: seconds(now - start)))
                }
            }
            return examples < limit
        }
        let elapsed = seconds(clock.now - start)
        try curve?.finish(examples: examples, metrics: validation.metrics)
        var saved: String?
        if let path = r.saveModel {
            var metadata = ["target": r.target, "examples": String(examples), "input": r.input]
            if r.task == .multiclass { metadata["classes"] = extractor.classNames.joined(separator: "\n") }
            let model = ModelFile(learner: validation.learner, encoder: encoder, metadata: metadata)
            try model.write(to: URL(fileURLWithPath: path))
            saved = path
        }
        return EvaluateOutcome(metrics: validation.metrics, seconds: elapsed, examples: examples, issues: issues,
                               classNames: extractor.classNames, savedModel: saved)
    }

    /// A model file to continue from: same feature specification (else `ModelFileError.featureSpecMismatch`), same
    /// model family, and for softmax the class labels in the order they were numbered.
    static func loadModel<L: OnlineLearner>(_: L.Type, path: String, _ r: ResolvedEvaluation) throws -> (L, FeatureEncoder, [String]) {
        let file = try ModelFile.read(from: URL(fileURLWithPath: path), expecting: r.spec)
        guard file.configuration.model == r.learner.model, let learner = try file.makeLearner() as? L else {
            throw EvaluateUsageError("--load-model '\(path)' holds a \(file.configuration.model.rawValue) model, but --model is \(r.learner.model.rawValue)")
        }
        guard let encoder = file.encoder else {
            throw EvaluateUsageError("--load-model '\(path)' has no feature transforms; it was not written by evaluate")
        }
        if let target = file.metadata["target"], target != r.target {
            throw EvaluateUsageError("--load-model '\(path)' was trained on target '\(target)', not '\(r.target)'")
        }
        let classes = file.metadata["classes"].flatMap { $0.isEmpty ? nil : $0 }.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? []
        return (learner, encoder, classes)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    static func progressLine(_ m: ProgressiveMetrics, seconds: Double) -> String {
        let rate = seconds > 0 ? Double(m.count) / seconds : 0
        var parts = ["evaluate: \(EvaluateReport.grouped(m.count)) examples", "\(EvaluateReport.grouped(Int(rate))) ex/s"]
        switch m.task {
        case .binary:
            parts.append(String(format: "logloss %.4f", m.logLoss.value))
            parts.append(String(format: "accuracy %.4f", m.accuracy.value))
            parts.append(String(format: "recent auc %.4f", m.recentAUC.value))
        case .multiclass:
            parts.append(String(format: "logloss %.4f", m.logLoss.value))
            parts.append(String(format: "accuracy %.4f", m.accuracy.value))
        case .regression:
            parts.append(String(format: "mae %.4g", m.mae.value))
            parts.append(String(format: "rmse %.4g", m.rmse.value))
        }
        return parts.joined(separator: ", ")
    }
}
