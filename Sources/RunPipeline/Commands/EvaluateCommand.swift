import ArgumentParser
import Foundation
import SlipstreamLearn

/// `run-pipeline evaluate`: progressive validation of an online learner over a JSON Lines file.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Progressive validation of an online learner over a JSON Lines file.",
        discussion: """
            Reads one JSON object per line. For every line the model first predicts the target from the features, \
            the prediction is scored, and then the model learns the line (test-then-train), exactly as it would \
            on a live stream. A progress line goes to stderr every --progress-seconds; at the end the metrics \
            table and examples/s go to stdout (with --json, followed by one JSON object as the last line).

            Features: --numeric fields are standardized online (--scaling) and a missing or non-numeric value is \
            imputed by the running mean plus a missing-indicator feature; --categorical fields are hashed into \
            2^--bits slots (strings, numbers and booleans are all taken as category values); --one-hot and \
            --target-encode are other encodings of categorical fields; --cross A:B adds the pairwise products \
            of two fields' features (like Vowpal Wabbit's -q).

            --curve FILE writes the learning curve as it goes: one JSON line per checkpoint with the time, the \
            examples so far and the progressive metrics (see `run-pipeline report --help` for the format); \
            `run-pipeline report FILE` draws it.

            Targets: logistic expects 0/1 or true/false; linear a number; softmax any string or number label \
            (classes are numbered in order of first appearance).

            Optimizers and their hyperparameters (defaults in brackets):
              adaptive (the default): VW-style adaptive, normalized, invariant
                --learning-rate [0.5; 1.0 for linear]  --power-t [0.25]
              sgd: --learning-rate [0.01]  --schedule [constant]|inverse-scaling
                --power-t [0.25] (inverse-scaling)
              adagrad: --learning-rate [0.1]
              ftrl: --alpha [0.05]  --beta [1]  --l1 [0]  --l2 [1]
            --l1 and --l2 apply to every optimizer (default 0, except ftrl's l2).

            Input problems never stop the run: unparseable lines and lines without a usable target are skipped, \
            missing or non-numeric feature values are imputed; each kind is counted and reported with its first \
            line numbers. A feature or target field that appears in none of the first 1000 lines is an error \
            (almost always a typo).

            --spec FILE reads the same options from YAML: keys are the option names without the leading dashes, \
            for example:
              input: data/ctr.jsonl
              target: label
              categorical: [site, app, ad]
              cross: ["ad:site"]
              optimizer: ftrl
              l1: 1.0
            Options given on the command line override the spec.

            Example:
              run-pipeline evaluate --input ctr.jsonl --target label \\
                --categorical site app ad --cross ad:site --json
            """
    )

    @Option(help: "The JSON Lines file to evaluate on.")
    var input: String?

    @Option(help: "The field holding the target.")
    var target: String?

    @Option(parsing: .upToNextOption, help: "Numeric feature fields (space- or comma-separated).")
    var numeric: [String] = []

    @Option(parsing: .upToNextOption, help: "Categorical feature fields, hashed (space- or comma-separated).")
    var categorical: [String] = []

    @Option(name: .customLong("one-hot"), parsing: .upToNextOption,
            help: "Categorical fields one-hot encoded: FIELD or FIELD:MAX (MAX distinct values get a slot, default 64; later ones are hashed).")
    var oneHot: [String] = []

    @Option(name: .customLong("target-encode"), parsing: .upToNextOption,
            help: "Categorical fields replaced by their smoothed mean target: FIELD or FIELD:SMOOTHING (default 10).")
    var targetEncode: [String] = []

    @Option(parsing: .upToNextOption,
            help: "Bucketize numeric fields: FIELD:COUNT (quantile edges learnt online) or FIELD:E1,E2,... (fixed edges).")
    var buckets: [String] = []

    @Option(parsing: .upToNextOption, help: "Feature crosses A:B (pairs of feature fields).")
    var cross: [String] = []

    @Option(help: "logistic | linear | softmax (default logistic).")
    var model: String?

    @Option(help: "adaptive | sgd | adagrad | ftrl (default adaptive).")
    var optimizer: String?

    @Option(name: .customLong("learning-rate"), help: "Learning rate (sgd, adagrad, adaptive).")
    var learningRate: Double?

    @Option(name: .customLong("power-t"), help: "Decay exponent: adaptive per-feature decay, or sgd inverse-scaling.")
    var powerT: Double?

    @Option(help: "sgd learning-rate schedule: constant | inverse-scaling.")
    var schedule: String?

    @Option(help: "FTRL alpha.")
    var alpha: Double?

    @Option(help: "FTRL beta.")
    var beta: Double?

    @Option(help: "L1 penalty.")
    var l1: Double?

    @Option(help: "L2 penalty.")
    var l2: Double?

    @Option(help: "Bits of the hashed feature space, 18...28 (default 22).")
    var bits: Int?

    @Option(help: "Hash seed (default 0).")
    var seed: Int?

    @Flag(inversion: .prefixedNo, help: "Learn an intercept (default on).")
    var intercept: Bool?

    @Option(help: "Online scaling of numeric fields: standard | minmax | none (default standard).")
    var scaling: String?

    @Flag(name: .customLong("missing-indicators"), inversion: .prefixedNo,
          help: "Add an indicator feature when a numeric value is missing (default on).")
    var missingIndicators: Bool?

    @Option(name: .customLong("max-classes"), help: "softmax: the most classes to learn (default 256).")
    var maxClasses: Int?

    @Option(help: "Events in the recent window of the recent_* metrics (default 10000).")
    var window: Int?

    @Option(help: "Evaluate only the first N examples.")
    var limit: Int?

    @Option(name: .customLong("progress-seconds"), help: "Seconds between progress lines on stderr; 0 for none (default 1).")
    var progressSeconds: Double?

    @Option(name: .customLong("save-model"), help: "Write the trained model (weights, optimizer and transform state) to this file.")
    var saveModel: String?

    @Option(name: .customLong("load-model"),
            help: "Start from this model file (written by --save-model with the same features) instead of a fresh model; its hyperparameters and transform state are used.")
    var loadModel: String?

    @Option(help: "Read options from this YAML file (command-line options override it).")
    var spec: String?

    @Flag(help: "Print one JSON object with the results as the last line of stdout.")
    var json = false

    @Option(help: "Write the learning curve (progressive metrics at checkpoints, JSON Lines) to this file, for `run-pipeline report`.")
    var curve: String?

    @Option(name: .customLong("curve-every"),
            help: "Examples between learning-curve checkpoints (default: 1000, or 1% of the examples so far when more).")
    var curveEvery: Int?

    func commandLineSettings() throws(EvaluateUsageError) -> EvaluateSettings {
        func split(_ values: [String]) -> [String] {
            values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        }
        var s = EvaluateSettings()
        s.input = input
        s.target = target
        s.numeric = split(numeric)
        s.categorical = split(categorical)
        s.oneHot = split(oneHot)
        s.targetEncode = split(targetEncode)
        s.buckets = buckets
        s.crosses = split(cross)
        if let model {
            guard let m = ModelKind(rawValue: model) else {
                throw EvaluateUsageError("--model must be one of \(ModelKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(model)'")
            }
            s.model = m
        }
        if let optimizer {
            guard let o = OptimizerKind(rawValue: optimizer) else {
                throw EvaluateUsageError("--optimizer must be one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(optimizer)'")
            }
            s.optimizer = o
        }
        s.learningRate = learningRate
        s.powerT = powerT
        s.schedule = schedule
        s.alpha = alpha
        s.beta = beta
        s.l1 = l1
        s.l2 = l2
        s.bits = bits
        s.seed = seed
        s.intercept = intercept
        if let scaling {
            guard let sc = FeatureSpec.Scaling(rawValue: scaling) else {
                throw EvaluateUsageError("--scaling must be one of standard, minmax, none, got '\(scaling)'")
            }
            s.scaling = sc
        }
        s.missingIndicators = missingIndicators
        s.maxClasses = maxClasses
        s.window = window
        s.limit = limit
        s.progressSeconds = progressSeconds
        s.saveModel = saveModel
        s.loadModel = loadModel
        s.json = json ? true : nil
        s.curve = curve
        s.curveEvery = curveEvery
        return s
    }

    func run() async throws {
        let stderr = FileHandle.standardError
        do {
            var settings = try commandLineSettings()
            if let spec { settings = settings.overriding(try EvaluateSpecFile.load(path: spec)) }
            let resolved = try settings.resolved()
            let outcome = try EvaluateRun.run(resolved) { line in
                stderr.write(Data((line + "\n").utf8))
            }
            for line in EvaluateReport.table(outcome, resolved) { print(line) }
            if resolved.json { print(EvaluateReport.json(outcome, resolved)) }
        } catch let error as EvaluateUsageError {
            stderr.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(2)
        } catch let error as CustomStringConvertible & Error {
            stderr.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
