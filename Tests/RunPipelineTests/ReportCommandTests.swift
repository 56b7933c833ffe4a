import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `run-pipeline report` and the learning-curve file `evaluate --curve` writes.
@Suite("run-pipeline report")
struct ReportCommandTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = EvaluateCLI.binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The elements of a well-formed XML document (the report page is written as XML-compatible HTML), each with
    /// its attributes; parsing fails on anything not well formed.
    final class ElementCollector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var texts: [String] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            elements.append((elementName, attributes))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            texts.append(string)
        }

        static func parse(_ text: String) throws -> ElementCollector {
            let collector = ElementCollector()
            let parser = XMLParser(data: Data(text.utf8))
            parser.delegate = collector
            guard parser.parse() else {
                throw ParseFailure(description: "not well formed: \(parser.parserError.map { "\($0)" } ?? "?")")
            }
            return collector
        }
    }

    struct ParseFailure: Error, CustomStringConvertible {
        let description: String
    }

    private func line(_ seconds: Int, _ examples: Int, _ learner: String, _ metrics: String) -> String {
        "{\"time\":\(1_770_000_000 + seconds),\"examples\":\(examples),\"learner\":\"\(learner)\",\(metrics)}"
    }

    @Test("a curve file becomes a well-formed HTML page with one SVG polyline per learner and metric")
    func reportDrawsEveryCurve() throws {
        let directory = try EvaluateCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let curve = directory.appendingPathComponent("curve.jsonl")
        let lines = [
            line(0, 1_000, "champion", "\"log_loss\":0.52,\"auc\":0.71,\"rolling_auc\":0.71,\"accuracy\":0.74"),
            line(0, 1_000, "challenger", "\"log_loss\":0.61,\"auc\":null"),
            "",
            line(5, 2_000, "champion", "\"log_loss\":0.47,\"auc\":0.78,\"rolling_auc\":0.8,\"accuracy\":0.77"),
            line(5, 2_000, "challenger", "\"log_loss\":0.55,\"auc\":0.69,\"extra\":\"ignored\""),
            line(10, 3_000, "champion", "\"log_loss\":0.44,\"auc\":0.81,\"rolling_auc\":0.84,\"accuracy\":0.79"),
            line(10, 3_000, "challenger", "\"log_loss\":0.5,\"auc\":0.74"),
        ]
        // Written as an editor on Windows might: a byte-order mark and CRLF line ends.
        try ("\u{FEFF}" + lines.joined(separator: "\r\n")).write(to: curve, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("report.html")

        let result = try Self.run(["report", curve.path, "--output", output.path, "--title", "Fraud <model> & co"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("6 checkpoints, 2 learners, 4 metrics"))
        let page = try String(contentsOf: output, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("<script"))
        let parsed = try ElementCollector.parse(page)
        #expect(parsed.elements.filter { $0.name == "svg" }.count == 4)
        let polylines = parsed.elements.filter { $0.name == "polyline" }
        // champion: log loss, AUC, rolling AUC, accuracy; challenger: log loss and AUC.
        #expect(polylines.count == 6)
        let pointCounts = polylines.map { ($0.attributes["points"] ?? "").split(separator: " ").count }
        #expect(pointCounts == [3, 3, 3, 2, 3, 3])
        for polyline in polylines {
            for point in (polyline.attributes["points"] ?? "").split(separator: " ") {
                let xy = point.split(separator: ",").compactMap { Double($0) }
                #expect(xy.count == 2 && xy.allSatisfy(\.isFinite), "\(point)")
            }
        }
        #expect(parsed.texts.joined().contains("Fraud <model> & co"))

        // Over time instead: the same lines, the axis labelled in seconds since the first checkpoint.
        let overTime = try Self.run(["report", curve.path, "--output", output.path, "--x", "time"])
        #expect(overTime.status == 0, "\(overTime.stderr)")
        let timed = try ElementCollector.parse(try String(contentsOf: output, encoding: .utf8))
        #expect(timed.elements.filter { $0.name == "polyline" }.count == 6)
        #expect(timed.texts.contains("10s") && timed.texts.contains("time since the first checkpoint"))
    }

    @Test("a malformed curve file is rejected with the line number and the field, and no report is written")
    func malformedCurveFile() throws {
        let directory = try EvaluateCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.html")
        let cases: [(lines: [String], expected: String)] = [
            ([line(0, 10, "m", "\"auc\":0.5"), "", "{\"time\":1770000001,\"examples\":\"many\"}"], ":3: 'examples'"),
            ([line(0, 10, "m", "\"auc\":0.5"), "{not json"], ":2: not valid JSON"),
            (["{\"examples\":10}"], ":1: missing field 'time'"),
            ([line(0, 10, "m", "\"auc\":1.5")], ":1: 'auc' must lie in [0, 1]"),
            ([line(0, 10, "m", "\"log_loss\":true")], ":1: 'log_loss' must be a number"),
            ([line(0, 20, "m", "\"auc\":0.5"), line(1, 10, "m", "\"auc\":0.6")], ":2: 'examples' went down"),
            (["", "  "], "holds no checkpoints"),
        ]
        for (index, testCase) in cases.enumerated() {
            let curve = directory.appendingPathComponent("curve\(index).jsonl")
            try testCase.lines.joined(separator: "\n").write(to: curve, atomically: true, encoding: .utf8)
            let result = try Self.run(["report", curve.path, "--output", output.path])
            #expect(result.status == 1, "case \(index)")
            #expect(result.stderr.contains(testCase.expected), "case \(index): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
        let missing = try Self.run(["report", directory.appendingPathComponent("absent.jsonl").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read the curve file"))
        let badAxis = try Self.run(["report", "x.jsonl", "--x", "sideways"])
        #expect(badAxis.status == 64)
    }

    @Test("evaluate --curve writes checkpoints that report draws")
    func evaluateWritesACurve() throws {
        let directory = try EvaluateCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data.jsonl")
        try EvaluateCLI.writeDataset(data, rows: 3_000)
        let curve = directory.appendingPathComponent("curve.jsonl")
        let evaluation = try EvaluateCLI.run([
            "--input", data.path, "--target", "label", "--numeric", "x", "--categorical", "color",
            "--curve", curve.path, "--curve-every", "500", "--progress-seconds", "0",
        ])
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        let lines = try String(contentsOf: curve, encoding: .utf8).split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == 6)
        #expect(objects.compactMap { $0["examples"] as? Int } == [500, 1_000, 1_500, 2_000, 2_500, 3_000])
        let last = try #require(objects.last)
        #expect(last["learner"] as? String == "logistic")
        #expect(last["time"] is String)
        let auc = try #require(last["auc"] as? Double)
        #expect(auc > 0.7)
        #expect(last["log_loss"] is Double && last["rolling_auc"] is Double && last["accuracy"] is Double)

        let report = try Self.run(["report", curve.path])
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOf: directory.appendingPathComponent("curve.html"), encoding: .utf8)
        #expect(try ElementCollector.parse(page).elements.filter { $0.name == "polyline" }.count == 4)
    }
}
