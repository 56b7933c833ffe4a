import Foundation

/// Runs the built `run-pipeline` binary for the `evaluate` end-to-end tests.
enum EvaluateCLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The last line of stdout decoded as a JSON object.
        var json: [String: Any]? {
            guard let last = stdout.split(separator: "\n").last,
                  let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) else { return nil }
            return object as? [String: Any]
        }
    }

    /// The executable: next to the test bundle (`.build/<config>/`), else under the package's `.build/debug`.
    static var binary: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidates = [besideTests.appendingPathComponent("run-pipeline"),
                          besideTests.deletingLastPathComponent().appendingPathComponent("run-pipeline")]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/run-pipeline"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["evaluate"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a chatty process cannot block on a full pipe.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A temporary directory removed by `cleanup`.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("evaluate-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A JSON Lines file where `label` depends on `x` and `color` (a learnable binary task), plus `y` (regression)
    /// and `kind` (three classes).
    static func writeDataset(_ url: URL, rows: Int = 3000) throws {
        var lines: [String] = []
        var state: UInt64 = 12345
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let colors = ["red", "green", "blue"]
        for i in 0..<rows {
            let x = uniform() * 4 - 2
            let c = Int(uniform() * 3)
            let margin = 2 * x + (c == 0 ? 1.5 : c == 1 ? -1.5 : 0)
            let label = uniform() < 1 / (1 + exp(-margin)) ? 1 : 0
            let y = 3 * x + Double(c) + 0.1 * (uniform() - 0.5)
            let kind = x > 0.7 ? "high" : x < -0.7 ? "low" : "mid"
            lines.append("{\"id\":\(i),\"x\":\(x),\"color\":\"\(colors[c])\",\"label\":\(label),\"y\":\(y),\"kind\":\"\(kind)\"}")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }
}
