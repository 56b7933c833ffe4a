import SlipstreamTelemetry

/// Where `run-pipeline run` serves Prometheus metrics and its health probes: `--metrics-port` /
/// `SLIPSTREAM_METRICS_PORT` and `--metrics-host` / `SLIPSTREAM_METRICS_HOST` (a flag wins over the variable).
/// Without a port there is no endpoint.
struct MetricsEndpointSettings: Equatable {
    enum Environment {
        static let port = "SLIPSTREAM_METRICS_PORT"
        static let host = "SLIPSTREAM_METRICS_HOST"
    }

    var host: String
    var port: Int

    /// The endpoint the flags and environment ask for, `nil` when neither names a port.
    ///
    /// - Throws: ``RunSettings/Invalid`` for a port that is not a number in 0…65535 or an empty host.
    static func resolve(port: String?, host: String?, environment: [String: String]) throws -> MetricsEndpointSettings? {
        let portText = port ?? environment[Environment.port].flatMap { $0.isEmpty ? nil : $0 }
        let hostText = host ?? environment[Environment.host].flatMap { $0.isEmpty ? nil : $0 }
        guard let portText else {
            if hostText != nil {
                throw RunSettings.Invalid(description: "--metrics-host needs --metrics-port (or \(Environment.port))")
            }
            return nil
        }
        guard let number = Int(portText.trimmingCharacters(in: .whitespaces)), (0...65_535).contains(number) else {
            throw RunSettings.Invalid(description: "--metrics-port must be a port number 0...65535, got '\(portText)'")
        }
        let chosenHost = hostText ?? MetricsServer.defaultHost
        guard !chosenHost.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw RunSettings.Invalid(description: "--metrics-host must not be empty")
        }
        return MetricsEndpointSettings(host: chosenHost, port: number)
    }
}
