import Foundation
import Testing

/// End-to-end: the built `run-pipeline evaluate` on small generated files.
@Suite(.serialized) struct EvaluateCommandTests {
    let dir: URL
    let data: URL

    init() throws {
        dir = try EvaluateCLI.temporaryDirectory()
        data = dir.appendingPathComponent("data.jsonl")
        try EvaluateCLI.writeDataset(data)
    }

    @Test func binaryClassificationReportsTheMetricsAsJSON() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try EvaluateCLI.run(["--input", data.path, "--target", "label", "--numeric", "x",
                                     "--categorical", "color", "--json", "--progress-seconds", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(r.json, "last line: \(r.stdout)")
        #expect(json["examples"] as? Int == 3000)
        let logloss = try #require(json["logloss"] as? Double)
        let auc = try #require(json["auc"] as? Double)
        #expect(logloss < 0.55 && auc > 0.8)
        #expect(json["accuracy"] is Double && json["examples_per_s"] is Double || json["examples_per_s"] is Int)
        #expect(r.stdout.contains("logloss") && r.stdout.contains("examples/s"))
    }

    @Test func regressionAndSoftmax() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let reg = try EvaluateCLI.run(["--input", data.path, "--target", "y", "--model", "linear", "--numeric", "x",
                                       "--categorical", "color", "--json"])
        #expect(reg.status == 0, "\(reg.stderr)")
        let rj = try #require(reg.json)
        #expect((rj["mae"] as? Double ?? 9) < 0.5 && rj["rmse"] is Double)
        let soft = try EvaluateCLI.run(["--input", data.path, "--target", "kind", "--model", "softmax", "--numeric", "x",
                                        "--optimizer", "sgd", "--learning-rate", "0.1", "--json"])
        #expect(soft.status == 0, "\(soft.stderr)")
        let sj = try #require(soft.json)
        #expect(Set(sj["classes"] as? [String] ?? []) == ["high", "mid", "low"])
        #expect((sj["accuracy"] as? Double ?? 0) > 0.7)
    }

    /// Flat lines take the record scanner's fast path; a nested member sends a line to the general path (simdjson
    /// and a field table). The two must give the same features, so the same metrics to the last bit, for every
    /// kind of model; a file mixing both (and reordering keys) too.
    @Test func theFastPathAndTheGeneralPathGiveTheSameMetrics() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = try String(contentsOf: data, encoding: .utf8).split(separator: "\n").map(String.init)
        let nested = dir.appendingPathComponent("nested.jsonl")
        try lines.map { $0.dropLast() + #","meta":{"source":[1,2]}}"# }.joined(separator: "\n")
            .write(to: nested, atomically: true, encoding: .utf8)
        let mixed = dir.appendingPathComponent("mixed.jsonl")
        try lines.enumerated().map { i, line -> String in
            switch i % 4 {
            case 0: return line.dropLast() + #","meta":{"source":[1,2]}}"#
            case 1: return "{" + line.dropFirst().replacingOccurrences(of: #""color":"#, with: #""c\u006flor":"#)
            case 2: return #"{"first": true, "#.appending(line.dropFirst())
            default: return line
            }
        }.joined(separator: "\n").write(to: mixed, atomically: true, encoding: .utf8)
        let runs: [(arguments: [String], metrics: [String])] = [
            (["--target", "label", "--numeric", "x", "--categorical", "color", "--cross", "x:color"], ["logloss", "accuracy", "auc"]),
            (["--target", "y", "--model", "linear", "--numeric", "x", "id", "--categorical", "color"], ["mae", "rmse"]),
            (["--target", "kind", "--model", "softmax", "--numeric", "x", "--categorical", "color"], ["logloss", "accuracy"]),
        ]
        for run in runs {
            var results: [[String: Any]] = []
            for file in [data, nested, mixed] {
                let r = try EvaluateCLI.run(["--input", file.path, "--json", "--progress-seconds", "0"] + run.arguments)
                #expect(r.status == 0, "\(file.lastPathComponent): \(r.stderr)")
                results.append(try #require(r.json, "\(file.lastPathComponent): \(r.stdout)"))
            }
            for metric in run.metrics {
                let values = results.map { $0[metric] as? Double }
                #expect(values[0] != nil && values.allSatisfy { $0 == values[0] }, "\(run.arguments[1]) \(metric): \(values)")
            }
            #expect(results.allSatisfy { $0["examples"] as? Int == lines.count })
        }
    }

    @Test func everyOptimizerRuns() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        for optimizer in ["sgd", "adagrad", "ftrl", "adaptive"] {
            let r = try EvaluateCLI.run(["--input", data.path, "--target", "label", "--numeric", "x", "--categorical",
                                         "color", "--cross", "x:color", "--optimizer", optimizer, "--l2", "0.001", "--json"])
            #expect(r.status == 0, "\(optimizer): \(r.stderr)")
            #expect((r.json?["auc"] as? Double ?? 0) > 0.75, "\(optimizer)")
        }
    }

    @Test func unknownFieldsAreAnErrorNamingThem() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try EvaluateCLI.run(["--input", data.path, "--target", "label", "--numeric", "x", "colour"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown field 'colour'"), "\(r.stderr)")
        #expect(r.stderr.contains("color"))
    }

    @Test func badLinesAreCountedWithTheirLineNumbersAndNeverStopTheRun() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.jsonl")
        try """
            {"x": 1.0, "color": "red", "label": 1}
            {"x": "abc", "color": "red", "label": 0}
            this is not json
            {"x": 2.0, "label": 1}

            {"x": 0.5, "color": "blue"}
            {"x": 0.1, "color": "blue", "label": "yes"}
            {"x": null, "color": ["a"], "label": 0}
            {"x": 1e308, "color": "green", "label": 1}
            {"x": -1e308, "color": "green", "label": 0}
            {"x": 0.3, "color": "red", "label": 1}
            """.write(to: file, atomically: true, encoding: .utf8)
        let r = try EvaluateCLI.run(["--input", file.path, "--target", "label", "--numeric", "x",
                                     "--categorical", "color", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(r.json)
        #expect(json["examples"] as? Int == 7)
        #expect(json["skipped_lines"] as? Int == 3)
        // Extreme values do not poison the model: the metrics stay numbers.
        #expect(json["logloss"] is Double)
        let problems = try #require(json["input_problems"] as? [String: [String: Any]])
        #expect(problems["numeric field 'x' is not a number (imputed)"]?["lines"] as? [Int] == [2])
        #expect(problems["not a JSON object; line skipped"]?["lines"] as? [Int] == [3])
        #expect(problems["categorical field 'color' is missing"]?["lines"] as? [Int] == [4])
        #expect(problems["target field 'label' is missing; line skipped"]?["lines"] as? [Int] == [6])
        #expect(problems["target 'label' is not 0/1 or true/false; line skipped"]?["lines"] as? [Int] == [7])
        #expect(r.stdout.contains("input problems:"))
        #expect(r.stdout.contains("line 2"))
    }

    /// Lines that look flat but are not JSON (the fast path declines them; the reader says why, with line numbers).
    @Test func malformedNumbersAndStructureAreReportedWithTheirLineNumbers() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("numbers.jsonl")
        try """
            {"x":0.5,"color":"red","label":1}
            {"x":NaN,"color":"red","label":1}
            {"x":Infinity,"color":"red","label":0}
            {"x":01,"color":"red","label":0}
            {"x":0.5,"color":"red","label":1}}
            {"x":1e400,"color":"red","label":1}
            {"x":-.5,"color":"red","label":1}
            {"x":0.25,"color":"blue","label":0,}
            {"x":-0.125,"color":"blue","label":0}
            """.write(to: file, atomically: true, encoding: .utf8)
        let r = try EvaluateCLI.run(["--input", file.path, "--target", "label", "--numeric", "x",
                                     "--categorical", "color", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(r.json)
        #expect(json["examples"] as? Int == 2)
        #expect(json["skipped_lines"] as? Int == 7)
        let problems = try #require(json["input_problems"] as? [String: [String: Any]])
        let notJSON = try #require(problems["not a JSON object; line skipped"])
        #expect(notJSON["count"] as? Int == 7)
        #expect(notJSON["lines"] as? [Int] == [2, 3, 4, 5, 6])
    }

    @Test func specFileOptionsAndItsErrors() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = dir.appendingPathComponent("spec.yaml")
        try """
            input: \(data.path)
            target: label
            numeric: [x]
            categorical:
              - color
            optimizer: ftrl
            alpha: 0.2
            json: true
            """.write(to: spec, atomically: true, encoding: .utf8)
        let ok = try EvaluateCLI.run(["--spec", spec.path, "--progress-seconds", "0"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.json?["optimizer"] as? String == "ftrl")
        // The command line overrides the spec.
        let overridden = try EvaluateCLI.run(["--spec", spec.path, "--optimizer", "sgd"])
        #expect(overridden.json?["optimizer"] as? String == "sgd")

        let typo = dir.appendingPathComponent("typo.yaml")
        try "target: label\nnumeric: [x]\nlearnin-rate: 0.5\n".write(to: typo, atomically: true, encoding: .utf8)
        let t = try EvaluateCLI.run(["--spec", typo.path, "--input", data.path])
        #expect(t.status == 2)
        #expect(t.stderr.contains("\(typo.path):3: unknown field 'learnin-rate' (did you mean 'learning-rate'?)"), "\(t.stderr)")

        let notNumber = dir.appendingPathComponent("nan.yaml")
        try "target: label\nnumeric: [x]\n\nlearning-rate: fast\n".write(to: notNumber, atomically: true, encoding: .utf8)
        let n = try EvaluateCLI.run(["--spec", notNumber.path, "--input", data.path])
        #expect(n.status == 2)
        #expect(n.stderr.contains("\(notNumber.path):4: 'learning-rate' must be a number, got 'fast'"), "\(n.stderr)")

        let broken = dir.appendingPathComponent("broken.yaml")
        try "target: [label\n".write(to: broken, atomically: true, encoding: .utf8)
        let b = try EvaluateCLI.run(["--spec", broken.path])
        #expect(b.status == 2 && b.stderr.contains("invalid YAML"))
    }

    @Test func saveModelWritesAModelFile() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.slsm")
        let r = try EvaluateCLI.run(["--input", data.path, "--target", "label", "--numeric", "x", "--bits", "18",
                                     "--save-model", model.path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = try Data(contentsOf: model)
        #expect(bytes.prefix(4) == Data("SLSM".utf8))
        #expect(r.json?["model_file"] as? String == model.path)
    }

    @Test func loadModelContinuesAndRefusesTheWrongFile() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.slsm")
        let features = ["--target", "label", "--numeric", "x", "--categorical", "color", "--bits", "18", "--json"]
        let first = try EvaluateCLI.run(["--input", data.path, "--save-model", model.path, "--limit", "1500"] + features)
        #expect(first.status == 0, "\(first.stderr)")
        // Continuing from the saved model scores better on its first events than a fresh model does.
        let fresh = try EvaluateCLI.run(["--input", data.path, "--limit", "200"] + features)
        let resumed = try EvaluateCLI.run(["--input", data.path, "--limit", "200", "--load-model", model.path] + features)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let freshLoss = try #require(fresh.json?["logloss"] as? Double)
        let resumedLoss = try #require(resumed.json?["logloss"] as? Double)
        #expect(resumedLoss < freshLoss)

        let otherFeatures = try EvaluateCLI.run(["--input", data.path, "--target", "label", "--numeric", "x", "--bits", "18",
                                                 "--load-model", model.path])
        #expect(otherFeatures.status == 1)
        #expect(otherFeatures.stderr.contains("different feature specification"), "\(otherFeatures.stderr)")

        var bytes = try Data(contentsOf: model)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: model)
        let damaged = try EvaluateCLI.run(["--input", data.path, "--load-model", model.path] + features)
        #expect(damaged.status == 1 && damaged.stderr.contains("checksum mismatch"), "\(damaged.stderr)")
    }

    @Test func usageErrorsAreExact() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try EvaluateCLI.run(["--input", dir.appendingPathComponent("nope.jsonl").path, "--target", "label", "--numeric", "x"])
        #expect(missing.status == 2 && missing.stderr.contains("does not exist"))
        let noFeatures = try EvaluateCLI.run(["--input", data.path, "--target", "label"])
        #expect(noFeatures.status == 2 && noFeatures.stderr.contains("no features"))
        let bits = try EvaluateCLI.run(["--input", data.path, "--target", "label", "--numeric", "x", "--bits", "40"])
        #expect(bits.status == 2 && bits.stderr.contains("--bits must be in 18...28"))
        let model = try EvaluateCLI.run(["--input", data.path, "--target", "label", "--numeric", "x", "--model", "tree"])
        #expect(model.status == 2 && model.stderr.contains("--model must be one of logistic, linear, softmax"))
    }

    @Test func helpDocumentsEveryOption() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try EvaluateCLI.run(["--help"])
        for option in ["--input", "--target", "--numeric", "--categorical", "--cross", "--model", "--optimizer",
                       "--learning-rate", "--power-t", "--alpha", "--beta", "--l1", "--l2", "--bits", "--save-model",
                       "--spec", "--json", "--one-hot", "--target-encode", "--buckets"] {
            #expect(r.stdout.contains(option), "\(option) missing from --help")
        }
    }
}
