import Foundation

/// Runs the built `run-pipeline` binary for the Kafka command end-to-end tests, always with a time limit.
enum KafkaCLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The executable: next to the test bundle (`.build/<config>/`), else under the package's `.build/debug`.
    static var binary: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidates = [
            besideTests.appendingPathComponent("run-pipeline"),
            besideTests.deletingLastPathComponent().appendingPathComponent("run-pipeline"),
        ]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/run-pipeline"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `run-pipeline arguments…` to completion; kills it and fails after `timeout`.
    static func run(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let collected = PipeCollector(out, err)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: "run-pipeline \(arguments.joined(separator: " ")) did not finish within \(timeout)")
        }
        process.waitUntilExit()
        let (stdout, stderr) = collected.finish()
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// A long-running `run-pipeline` process (e.g. `kafka`), stopped by `stop`.
    ///
    /// Its stdout and stderr are read as they come, by threads of their own: a pipe nobody reads fills up
    /// (64 KiB), and the process then blocks in its next log line — a graceful stop would never finish.
    final class Background {
        let process = Process()
        private let output: StreamingCollector

        init(_ arguments: [String]) throws {
            process.executableURL = KafkaCLI.binary
            process.arguments = arguments
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            output = StreamingCollector(out, err)
        }

        /// The first line of stdout, waiting up to `timeout`.
        func firstLine(timeout: Duration = .seconds(90)) throws -> String {
            let deadline = ContinuousClock.now.advanced(by: timeout)
            while ContinuousClock.now < deadline {
                let (stdout, closed) = output.stdoutSoFar()
                if let newline = stdout.firstIndex(of: 0x0A) {
                    return String(decoding: stdout[..<newline], as: UTF8.self)
                }
                if closed { break }
                Thread.sleep(forTimeInterval: 0.01)
            }
            let got = String(decoding: output.stdoutSoFar().bytes, as: UTF8.self)
            throw Failure(description: "no first line from run-pipeline (got '\(got)')")
        }

        /// Stderr so far.
        func stderrSoFar() -> String {
            String(decoding: output.stderrSoFar(), as: UTF8.self)
        }

        /// Sends `signal` and waits up to `timeout` for the exit status.
        func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(90)) throws -> (status: Int32, stderr: String) {
            kill(process.processIdentifier, signal)
            let deadline = ContinuousClock.now.advanced(by: timeout)
            while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning {
                process.terminate()
                let stderr = String(decoding: output.stderrSoFar(), as: UTF8.self)
                throw Failure(
                    description: "run-pipeline did not stop within \(timeout) of signal \(signal); its stderr:\n\(stderr.suffix(4_000))")
            }
            process.waitUntilExit()
            let (_, stderr) = output.finish()
            return (process.terminationStatus, stderr)
        }

        deinit {
            if process.isRunning { process.terminate() }
        }
    }

    /// A temporary file with `text`, removed when the test process ends.
    static func temporaryFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-cli-\(UUID().uuidString).jsonl")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

/// Reads a process's stdout and stderr as they arrive, each on a thread of its own, so the process never
/// blocks on a full pipe; what has arrived so far can be read at any time.
final class StreamingCollector: @unchecked Sendable {
    // `stdout`, `stderr` and `stdoutClosed` are guarded by `lock`.
    private let lock = NSLock()
    private var stdout: [UInt8] = []
    private var stderr: [UInt8] = []
    private var stdoutClosed = false
    private let group = DispatchGroup()

    init(_ out: Pipe, _ err: Pipe) {
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            Thread {
                let handle = pipe.fileHandleForReading
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    self.lock.withLock {
                        if isOut { self.stdout.append(contentsOf: chunk) } else { self.stderr.append(contentsOf: chunk) }
                    }
                }
                if isOut { self.lock.withLock { self.stdoutClosed = true } }
                self.group.leave()
            }.start()
        }
    }

    /// Stdout so far, and whether it has ended.
    func stdoutSoFar() -> (bytes: [UInt8], closed: Bool) {
        lock.withLock { (stdout, stdoutClosed) }
    }

    /// Stderr so far.
    func stderrSoFar() -> [UInt8] {
        lock.withLock { stderr }
    }

    /// Waits for both streams to end (the process has exited) and returns them.
    func finish() -> (String, String) {
        group.wait()
        return lock.withLock { (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)) }
    }
}

/// Drains a process's stdout and stderr on background threads, so a chatty process never blocks on a full pipe.
final class PipeCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stdout = Data()
    private var stderr = Data()
    private let group = DispatchGroup()

    init(_ out: Pipe, _ err: Pipe) {
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            Thread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                self.lock.withLock { if isOut { self.stdout = data } else { self.stderr = data } }
                self.group.leave()
            }.start()
        }
    }

    func finish() -> (String, String) {
        group.wait()
        return lock.withLock { (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)) }
    }
}
