import Foundation

/// A learning-curve file read whole: its checkpoints grouped by learner, in file order.
struct LearningCurveFile {
    /// The learners in order of first appearance, each with its checkpoints.
    var curves: [(learner: String, points: [LearningCurvePoint])]

    /// The checkpoints in all.
    var pointCount: Int { curves.reduce(0) { $0 + $1.points.count } }

    /// Reads `path`. Every line must be a valid checkpoint (a report that silently dropped lines could show a
    /// curve that was never measured), and a learner's `examples` must not go down.
    ///
    /// - Throws: ``LearningCurveError`` naming the file and line.
    static func read(path: String) throws(LearningCurveError) -> LearningCurveFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LearningCurveError("cannot read the curve file '\(path)': \(error.localizedDescription)")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static func parse(_ text: String, path: String) throws(LearningCurveError) -> LearningCurveFile {
        var order: [String] = []
        var byLearner: [String: [LearningCurvePoint]] = [:]
        var number = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            // Whitespace (a Windows line end included) and a byte-order mark before the first line are not data.
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines.union(["\u{FEFF}"]))
            if line.isEmpty { continue }
            let point: LearningCurvePoint
            do {
                point = try LearningCurveLine.decode(line)
            } catch {
                throw LearningCurveError(path: path, line: number, error)
            }
            if let previous = byLearner[point.learner]?.last, point.examples < previous.examples {
                throw LearningCurveError(
                    path: path, line: number,
                    .init("'examples' went down for learner '\(point.learner)' (\(previous.examples) before, \(point.examples) here)"))
            }
            if byLearner[point.learner] == nil { order.append(point.learner) }
            byLearner[point.learner, default: []].append(point)
        }
        guard !order.isEmpty else { throw LearningCurveError("the curve file '\(path)' holds no checkpoints") }
        return LearningCurveFile(curves: order.map { ($0, byLearner[$0]!) })
    }
}
