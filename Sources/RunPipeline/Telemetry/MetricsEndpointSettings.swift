import SlipstreamTelemetry

/// Where `run-pipeline run` serves Prometheus metrics and its health probes: `--metrics-port` and
/// `--metrics-host` (or `SLIPSTREAM_METRICS_PORT`/`_HOST`, or `metrics-port:`/`metrics-host:` in the settings
/// file; see ``RunSettings``). Without a port there is no endpoint.
struct MetricsEndpointSettings: Equatable {
    var host: String
    var port: Int

    /// The endpoint for a port and host given as text, `nil` when no port is given; `portOrigin` and
    /// `hostOrigin` name where each came from, for the message.
    ///
    /// - Throws: ``RunSettings/Invalid`` for a port that is not a number in 0…65535, an empty host, or a host
    ///   without a port.
    static func parse(
        port: String?, portOrigin: String, host: String?, hostOrigin: String
    ) throws(RunSettings.Invalid) -> MetricsEndpointSettings? {
        guard let port else {
            if host != nil { throw RunSettings.Invalid(description: "\(hostOrigin) needs a metrics port (--metrics-port)") }
            return nil
        }
        guard let number = Int(port.trimmingCharacters(in: .whitespaces)), (0...65_535).contains(number) else {
            throw RunSettings.Invalid(description: "\(portOrigin) must be a port number 0...65535, got '\(port)'")
        }
        let chosenHost = (host ?? MetricsServer.defaultHost).trimmingCharacters(in: .whitespaces)
        guard !chosenHost.isEmpty else { throw RunSettings.Invalid(description: "\(hostOrigin) must not be empty") }
        return MetricsEndpointSettings(host: chosenHost, port: number)
    }
}
