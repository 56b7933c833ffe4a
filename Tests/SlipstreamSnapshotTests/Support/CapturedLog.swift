import Foundation
import Logging

/// A logger whose messages a test can read back, to check that a skipped snapshot is reported with its reason.
final class CapturedLog: @unchecked Sendable {
    // @unchecked: `lines` is guarded by `lock`.
    private let lock = NSLock()
    private var lines: [String] = []

    var logger: Logger {
        Logger(label: "test.snapshot") { _ in Handler(log: self) }
    }

    var messages: [String] { lock.withLock { lines } }

    func contains(_ pieces: String...) -> Bool {
        messages.contains { line in pieces.allSatisfy { line.contains($0) } }
    }

    fileprivate func append(_ line: String) {
        lock.withLock { lines.append(line) }
    }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.append("\(event.level): \(event.message)")
        }
    }
}
