import Foundation

/// Runs an external program (a peer such as kcat) for a benchmark, timing it from launch to exit.
public enum ProcessRunner {
    public struct Outcome: Sendable {
        /// Wall time from just before launch to exit, start-up included, in seconds.
        public var seconds: Double
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The full path of `name` on PATH, or nil.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable arguments…` with stdin from `inputFile` (or nothing) and stdout to `/dev/null` unless
    /// `captureStdout`; stderr is always captured. Throws when the program cannot be started.
    public static func run(
        _ executable: String, _ arguments: [String], inputFile: String? = nil, captureStdout: Bool = false
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let inputFile {
            guard let handle = FileHandle(forReadingAtPath: inputFile) else {
                throw Failure(description: "cannot open \(inputFile)")
            }
            process.standardInput = handle
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = captureStdout ? out : FileHandle.nullDevice
        process.standardError = err
        let collected = ProcessOutputCollector(captureStdout ? out : nil, err)
        let start = DispatchTime.now()
        try process.run()
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let (stdout, stderr) = collected.finish()
        return Outcome(seconds: seconds, status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

/// Drains pipes on background threads so a chatty child never blocks on a full pipe.
final class ProcessOutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stdout = Data()
    private var stderr = Data()
    private let group = DispatchGroup()

    init(_ out: Pipe?, _ err: Pipe) {
        if let out { drain(out) { self.stdout = $0 } }
        drain(err) { self.stderr = $0 }
    }

    private func drain(_ pipe: Pipe, _ store: @escaping @Sendable (Data) -> Void) {
        group.enter()
        Thread {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            self.lock.withLock { store(data) }
            self.group.leave()
        }.start()
    }

    func finish() -> (Data, Data) {
        group.wait()
        return lock.withLock { (stdout, stderr) }
    }
}
