import Foundation

/// Appends checkpoints to a learning-curve file (JSON Lines, see ``LearningCurvePoint``), each line flushed as it
/// is written so the file can be drawn while the run goes on.
final class LearningCurveWriter {
    private let handle: FileHandle
    private let path: String
    private let metrics: [LearningCurvePoint.Metric]

    /// Creates (or truncates) `path`; `metrics` are the fields every line carries (`null` while unknown; empty:
    /// each line carries the metrics its point has).
    init(path: String, metrics: [LearningCurvePoint.Metric] = []) throws(LearningCurveError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw LearningCurveError("cannot create the curve file '\(path)'")
        }
        self.handle = handle
        self.path = path
        self.metrics = metrics
    }

    func write(_ point: LearningCurvePoint) throws(LearningCurveError) {
        do {
            let fields = metrics.isEmpty ? LearningCurvePoint.Metric.allCases.filter { point.values[$0] != nil } : metrics
            try handle.write(contentsOf: Data((LearningCurveLine.encode(point, metrics: fields) + "\n").utf8))
        } catch {
            throw LearningCurveError("cannot write the curve file '\(path)': \(error.localizedDescription)")
        }
    }

    func close() {
        try? handle.close()
    }
}
