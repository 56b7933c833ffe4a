/// Why a learning-curve file cannot be drawn: the file and line, and what is wrong there.
struct LearningCurveError: Error, CustomStringConvertible {
    /// What is wrong with one line, before the file and line number are known.
    struct Problem: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    let description: String

    init(path: String, line: Int, _ problem: Problem) {
        description = "\(path):\(line): \(problem.message)"
    }

    init(_ description: String) {
        self.description = description
    }
}
