import Foundation

/// The learning-curve report: a self-contained HTML page (no scripts, no external files; it is also well-formed
/// XML) with a table of each learner's latest figures and one SVG chart per metric, each learner one line.
struct LearningCurveReport {
    /// What the horizontal axis shows.
    enum XAxis: String, CaseIterable {
        /// Examples scored: the usual learning-curve axis, comparable across runs of different speeds.
        case examples
        /// Time since the first checkpoint.
        case time
    }

    let file: LearningCurveFile
    let source: String
    var title = "Learning curve"
    var xAxis = XAxis.examples

    private static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    /// The metrics with at least one value, in display order.
    var metrics: [LearningCurvePoint.Metric] {
        LearningCurvePoint.Metric.allCases.filter { metric in
            file.curves.contains { $0.points.contains { $0.values[metric] != nil } }
        }
    }

    func html() -> String {
        let start = file.curves.compactMap { $0.points.first?.time }.min() ?? Date()
        let end = file.curves.compactMap { $0.points.last?.time }.max() ?? start
        var page = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>\(title.xmlEscaped)</title>
            <style>
            body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em; color: #222; }
            h1 { font-size: 1.4em; margin-bottom: 0.2em; }
            p.source { color: #555; margin-top: 0; }
            table { border-collapse: collapse; margin: 1em 0 1.5em; }
            th, td { padding: 0.3em 0.8em; border-bottom: 1px solid #ddd; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            section { margin-bottom: 1.5em; }
            svg text { font-size: 12px; fill: #333; }
            svg text.title { font-size: 14px; font-weight: 600; }
            svg .grid line { stroke: #eee; }
            svg .axis rect { stroke: #999; }
            svg line.reference { stroke: #999; stroke-dasharray: 5 4; }
            svg text.reference-label { fill: #777; }
            </style>
            </head>
            <body>
            <h1>\(title.xmlEscaped)</h1>
            <p class="source">\(source.xmlEscaped): \(file.pointCount) checkpoints of \(file.curves.count) \
            learner\(file.curves.count == 1 ? "" : "s"), \(LearningCurveLine.timestamp(start)) to \
            \(LearningCurveLine.timestamp(end)).</p>

            """
        page += summaryTable()
        for metric in metrics {
            page += "<section>\n" + chart(metric, start: start).render() + "\n</section>\n"
        }
        return page + "</body>\n</html>\n"
    }

    private func summaryTable() -> String {
        var table = "<table>\n<tr><th>learner</th><th>examples</th>"
        for metric in metrics { table += "<th>\(metric.title.xmlEscaped)</th>" }
        table += "</tr>\n"
        for curve in file.curves {
            guard let last = curve.points.last else { continue }
            table += "<tr><td>\(curve.learner.xmlEscaped)</td><td>\(last.examples.formatted())</td>"
            for metric in metrics {
                let latest = curve.points.last { $0.values[metric] != nil }?.values[metric]
                table += "<td>\(latest.map { String(format: "%.4f", $0) } ?? "–")</td>"
            }
            table += "</tr>\n"
        }
        return table + "</table>\n"
    }

    private func chart(_ metric: LearningCurvePoint.Metric, start: Date) -> SVGLineChart {
        var series: [SVGLineChart.Series] = []
        for (index, curve) in file.curves.enumerated() {
            let points = curve.points.compactMap { point -> (x: Double, y: Double)? in
                guard let value = point.values[metric] else { return nil }
                let x = xAxis == .examples ? Double(point.examples) : point.time.timeIntervalSince(start)
                return (x, value)
            }
            guard !points.isEmpty else { continue }
            series.append(
                SVGLineChart.Series(
                    name: curve.learner, color: Self.palette[index % Self.palette.count], points: points))
        }
        let better = metric.isFraction ? "higher is better" : "lower is better"
        return SVGLineChart(
            title: "Progressive \(metric.title) (\(better))",
            xAxisTitle: xAxis == .examples ? "examples" : "time since the first checkpoint",
            xKind: xAxis == .examples ? .count : .elapsedSeconds,
            yLimits: metric.isFraction ? 0...1 : 0...Double.greatestFiniteMagnitude,
            series: series,
            references: metric == .auc || metric == .rollingAUC ? [(0.5, "random ranking")] : [])
    }
}
