/// What a ``MetricsServer`` serves, set once the job exists: the server starts before the job (so a bad port
/// fails the command at once), and until then the probes say the process is starting.
final class EndpointSlot: TelemetryEndpoints {
    private let current = Locked<(any TelemetryEndpoints)?>(nil)

    func set(_ endpoints: any TelemetryEndpoints) {
        current.withLock { $0 = endpoints }
    }

    private var endpoints: (any TelemetryEndpoints)? { current.withLock { $0 } }

    func exposition() -> [UInt8] {
        endpoints?.exposition() ?? []
    }

    func health() -> ProbeResult {
        endpoints?.health() ?? ProbeResult(passed: false, detail: "starting: the job has not started yet")
    }

    func readiness() -> ProbeResult {
        endpoints?.readiness() ?? ProbeResult(passed: false, detail: "starting: the job has not started yet")
    }
}
