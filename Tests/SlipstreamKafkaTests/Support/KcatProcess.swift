import Foundation

/// Runs kcat (installed by scripts/install-deps.sh; the interop tests require it) and captures its output.
enum Kcat {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static var executable: URL {
        get throws {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            for directory in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("kcat")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
            throw Failure(description: "kcat not found on PATH: run scripts/install-deps.sh")
        }
    }

    /// Runs kcat with `arguments`, feeding `input` on stdin; fails on a non-zero exit or after `timeout`.
    static func run(_ arguments: [String], input: Data = Data(), timeout: Duration = .seconds(30)) throws -> Data {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: input)
        try stdin.fileHandleForWriting.close()
        // Read before waiting so a large output cannot fill the pipe and block kcat.
        let output = Locked<Data>()
        let reader = Thread { output.set(stdout.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            throw Failure(description: "kcat \(arguments.joined(separator: " ")) did not finish within \(timeout)")
        }
        process.waitUntilExit()
        while output.get() == nil { Thread.sleep(forTimeInterval: 0.005) }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Failure(description: "kcat exited with \(process.terminationStatus): \(message)")
        }
        return output.get()!
    }
}

/// A value shared with a reader thread.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value?
    private let lock = NSLock()
    init(_ initial: Value? = nil) { value = initial }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value? { lock.withLock { value } }
}
