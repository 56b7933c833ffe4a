import Dispatch
import SlipstreamEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Takes an on-demand snapshot whenever the process receives SIGUSR1 (`kill -USR1 <pid>`), for an operator who
/// wants a restore point now, before a deployment for instance.
final class SnapshotOnSignal: @unchecked Sendable {
    // The source is only touched in init and deinit.
    private let source: any DispatchSourceSignal

    /// Keeps SIGUSR1 from terminating the process (its default) until a coordinator takes over; call it before
    /// the job starts.
    static func ignoreUntilReady() {
        signal(SIGUSR1, SIG_IGN)
    }

    init(_ coordinator: SnapshotCoordinator) {
        Self.ignoreUntilReady()
        source = DispatchSource.makeSignalSource(signal: SIGUSR1, queue: .global())
        source.setEventHandler {
            Task { _ = await coordinator.snapshotNow() }
        }
        source.resume()
    }

    deinit {
        source.cancel()
    }
}
