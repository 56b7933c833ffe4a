import ArgumentParser
import Foundation

/// `run-pipeline report`: draws a learning-curve file as an HTML page with SVG charts.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a learning-curve report (an HTML page with SVG charts) from a curve file.",
        discussion: """
            Reads a learning-curve file, JSON Lines with one checkpoint of a learner's progressive metrics per \
            line, and writes one self-contained HTML page (no scripts, nothing fetched) that any browser opens: \
            a table of each learner's latest figures and a chart per metric (log loss, ROC AUC, rolling ROC AUC, \
            accuracy; MAE and RMSE for regression), each learner one line.

            `run-pipeline evaluate --curve FILE` writes such a file. The format, for any other writer:
              {"time":"2026-05-01T12:00:05.250Z","examples":20000,"learner":"champion",
               "log_loss":0.3127,"auc":0.8841,"rolling_auc":0.9012,"accuracy":0.8721}
              time         RFC 3339 timestamp, or seconds since 1970 (required)
              examples     examples scored so far, integer >= 0, never going down (required)
              learner      name; several learners may share a file (default "model")
              log_loss, auc, rolling_auc, accuracy, mae, rmse
                           number or null (not known yet); AUC and accuracy in [0, 1]
            Blank lines are skipped and unknown fields ignored; any other bad line stops the report with its \
            line number (a report that skipped lines could show a curve that was never measured).

            Exit status: 0 when the report was written; 1 when the curve file is missing or malformed or the \
            report cannot be written; 64 for a bad option.

            Example:
              run-pipeline evaluate --input clicks.jsonl --target clicked --categorical site ad --curve curve.jsonl
              run-pipeline report curve.jsonl --output curve.html
            """
    )

    @Argument(help: ArgumentHelp("The learning-curve file (JSON Lines).", valueName: "curve-file"))
    var curve: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The HTML file to write (default: the curve file's name with .html).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("The page's title.", valueName: "text"))
    var title = "Learning curve"

    @Option(name: .customLong("x"), help: ArgumentHelp("The horizontal axis: examples or time.", valueName: "axis"))
    var xAxis = "examples"

    func validate() throws {
        guard LearningCurveReport.XAxis(rawValue: xAxis) != nil else {
            throw ValidationError("--x must be examples or time, got '\(xAxis)'")
        }
    }

    func run() throws {
        let file: LearningCurveFile
        do {
            file = try LearningCurveFile.read(path: curve)
        } catch {
            writeStandardError("run-pipeline report: \(error.description)\n")
            throw ExitCode.failure
        }
        var report = LearningCurveReport(file: file, source: (curve as NSString).lastPathComponent)
        report.title = title
        report.xAxis = LearningCurveReport.XAxis(rawValue: xAxis)!
        let destination = output ?? Self.defaultOutput(for: curve)
        guard destination != curve else {
            writeStandardError("run-pipeline report: the report would overwrite the curve file '\(curve)'; name another --output\n")
            throw ExitCode.failure
        }
        do {
            try Data(report.html().utf8).write(to: URL(fileURLWithPath: destination), options: .atomic)
        } catch {
            writeStandardError("run-pipeline report: cannot write '\(destination)': \(error.localizedDescription)\n")
            throw ExitCode.failure
        }
        print("wrote \(destination): \(file.pointCount) checkpoints, \(file.curves.count) learner\(file.curves.count == 1 ? "" : "s"), \(report.metrics.count) metric\(report.metrics.count == 1 ? "" : "s")")
    }

    /// `curve.jsonl` → `curve.html`.
    static func defaultOutput(for curve: String) -> String {
        let pathExtension = (curve as NSString).pathExtension
        return pathExtension.isEmpty ? curve + ".html" : String(curve.dropLast(pathExtension.count)) + "html"
    }
}
