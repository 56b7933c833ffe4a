import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watches for a second SIGINT or SIGTERM while a graceful stop is under way: an impatient operator (Ctrl-C
/// twice) gets an immediate cancel instead of waiting for the final snapshot.
final class ForcedStop: @unchecked Sendable {
    // The sources are only touched in init and deinit.
    private var sources: [any DispatchSourceSignal] = []

    /// Calls `action` on the first SIGINT or SIGTERM from now on (the signals are already ignored by the
    /// process's ``SignalTrap``, which keeps them from killing it).
    init(_ action: @escaping @Sendable (Int32) -> Void) {
        for signalNumber in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { action(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
