import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Catches SIGINT and SIGTERM so a command can stop cleanly (flush, commit, print its summary) and exit 0.
final class SignalTrap: @unchecked Sendable {
    private let queue = DispatchQueue(label: "run-pipeline.signals")
    private var sources: [any DispatchSourceSignal] = []
    private var caught: Int32 = 0
    private var waiters: [CheckedContinuation<Int32, Never>] = []

    init() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [weak self] in self?.fire(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }

    /// The signal caught so far, or nil. Cheap enough to check once per poll.
    var signalCaught: Int32? {
        let value = queue.sync { caught }
        return value == 0 ? nil : value
    }

    /// Waits for SIGINT or SIGTERM and returns its number.
    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            queue.async {
                if self.caught != 0 { continuation.resume(returning: self.caught) } else { self.waiters.append(continuation) }
            }
        }
    }

    private func fire(_ signalNumber: Int32) {
        if caught == 0 { caught = signalNumber }
        let pending = waiters
        waiters = []
        for waiter in pending { waiter.resume(returning: signalNumber) }
    }
}
