import Foundation

/// A line chart as a standalone SVG element: axes with ticks and grid lines, one polyline per series, a legend,
/// and optional dashed reference lines (such as AUC 0.5, a random ranking).
struct SVGLineChart {
    /// One line: its name in the legend, its colour, and its points in data coordinates.
    struct Series {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
    }

    var title: String
    var xAxisTitle: String
    var xKind: ChartAxis.Kind
    var yLimits: ClosedRange<Double>?
    var series: [Series]
    var references: [(value: Double, label: String)] = []

    static let width = 760.0
    static let height = 300.0
    private static let margin = (left: 64.0, right: 150.0, top: 28.0, bottom: 44.0)
    /// Most points drawn per line; longer curves keep every n-th point (and always the last).
    static let maxPointsPerLine = 1_500

    func render() -> String {
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) } + references.map(\.value)
        let xAxis = ChartAxis(minimum: xs.min() ?? 0, maximum: xs.max() ?? 1, kind: xKind)
        let yAxis = ChartAxis(minimum: ys.min() ?? 0, maximum: ys.max() ?? 1, kind: .value, limits: yLimits)
        let m = Self.margin
        let plotWidth = Self.width - m.left - m.right
        let plotHeight = Self.height - m.top - m.bottom
        func px(_ x: Double) -> Double { m.left + xAxis.position(x) * plotWidth }
        func py(_ y: Double) -> Double { m.top + (1 - yAxis.position(y)) * plotHeight }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(Self.width))" height="\(Int(Self.height))" \
            viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" role="img" aria-label="\(title.xmlEscaped)">
            <text class="title" x="\(f(m.left))" y="18">\(title.xmlEscaped)</text>

            """
        svg += "<g class=\"grid\">\n"
        for tick in yAxis.ticks {
            svg += "<line x1=\"\(f(m.left))\" y1=\"\(f(py(tick)))\" x2=\"\(f(m.left + plotWidth))\" y2=\"\(f(py(tick)))\"/>\n"
        }
        for tick in xAxis.ticks {
            svg += "<line x1=\"\(f(px(tick)))\" y1=\"\(f(m.top))\" x2=\"\(f(px(tick)))\" y2=\"\(f(m.top + plotHeight))\"/>\n"
        }
        svg += "</g>\n<g class=\"axis\">\n"
        svg += "<rect x=\"\(f(m.left))\" y=\"\(f(m.top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\"/>\n"
        for tick in yAxis.ticks {
            svg += "<text x=\"\(f(m.left - 6))\" y=\"\(f(py(tick) + 4))\" text-anchor=\"end\">\(yAxis.label(tick).xmlEscaped)</text>\n"
        }
        for tick in xAxis.ticks {
            svg += "<text x=\"\(f(px(tick)))\" y=\"\(f(m.top + plotHeight + 16))\" text-anchor=\"middle\">\(xAxis.label(tick).xmlEscaped)</text>\n"
        }
        svg += "<text x=\"\(f(m.left + plotWidth / 2))\" y=\"\(f(Self.height - 6))\" text-anchor=\"middle\">\(xAxisTitle.xmlEscaped)</text>\n"
        svg += "</g>\n"
        for reference in references where reference.value >= yAxis.lower && reference.value <= yAxis.upper {
            let y = f(py(reference.value))
            svg += "<line class=\"reference\" x1=\"\(f(m.left))\" y1=\"\(y)\" x2=\"\(f(m.left + plotWidth))\" y2=\"\(y)\"/>\n"
            svg += "<text class=\"reference-label\" x=\"\(f(m.left + plotWidth - 4))\" y=\"\(f(py(reference.value) - 4))\" text-anchor=\"end\">\(reference.label.xmlEscaped)</text>\n"
        }
        for (index, line) in series.enumerated() {
            let points = Self.thinned(line.points).map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\" points=\"\(points)\">"
            svg += "<title>\(line.name.xmlEscaped)</title></polyline>\n"
            let legendY = m.top + 14 + Double(index) * 18
            let legendX = m.left + plotWidth + 14
            svg += "<line x1=\"\(f(legendX))\" y1=\"\(f(legendY - 4))\" x2=\"\(f(legendX + 18))\" y2=\"\(f(legendY - 4))\" stroke=\"\(line.color)\" stroke-width=\"3\"/>\n"
            svg += "<text x=\"\(f(legendX + 24))\" y=\"\(f(legendY))\">\(line.name.xmlEscaped)</text>\n"
        }
        return svg + "</svg>"
    }

    /// At most ``maxPointsPerLine`` points, evenly spread, first and last kept.
    static func thinned(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        guard points.count > maxPointsPerLine else { return points }
        let stride = Double(points.count - 1) / Double(maxPointsPerLine - 1)
        return (0..<maxPointsPerLine).map { points[Int((Double($0) * stride).rounded())] }
    }
}
