import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP endpoint Prometheus scrapes: `/metrics`, `/health` and `/ready` of a ``TelemetryEndpoints``, on one
/// event-loop thread of its own (SwiftNIO), so a scrape never takes a thread from the job.
///
/// It binds 127.0.0.1 unless told otherwise: exposing the metrics beyond the machine is a decision (`0.0.0.0`
/// in a container). Malformed requests get a 400 from the HTTP parser, unknown paths a 404, other methods a 405;
/// none of them ends the process.
public final class MetricsServer: Sendable {
    /// The default host: loopback only.
    public static let defaultHost = "127.0.0.1"
    /// How long a connection may stay silent before it is closed.
    public static let idleTimeout: TimeAmount = .seconds(60)

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let slot: EndpointSlot

    /// The port the server listens on (useful when started on port 0, which picks a free one).
    public let port: Int
    /// The host it listens on.
    public let host: String

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel, slot: EndpointSlot, host: String, port: Int) {
        self.group = group
        self.channel = channel
        self.slot = slot
        self.host = host
        self.port = port
    }

    /// Starts serving `endpoints` on `host`:`port` (0: any free port).
    ///
    /// - Throws: `MetricsServerError` when the address cannot be bound (in use, not a local address).
    public static func start(
        serving endpoints: any TelemetryEndpoints, host: String = defaultHost, port: Int
    ) async throws -> MetricsServer {
        let server = try await start(host: host, port: port)
        server.serve(endpoints)
        return server
    }

    /// Starts listening on `host`:`port` (0: any free port) before there is anything to serve: `/health` and
    /// `/ready` answer 503 ("starting") and `/metrics` is empty until ``serve(_:)``.
    ///
    /// - Throws: `MetricsServerError` when the address cannot be bound (in use, not a local address).
    public static func start(host: String = defaultHost, port: Int) async throws -> MetricsServer {
        let endpoints = EndpointSlot()
        guard (0...65_535).contains(port) else {
            throw MetricsServerError("metrics port \(port) is out of range (0-65535)")
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(MetricsHTTPHandler(endpoints: endpoints))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            let bound = channel.localAddress?.port ?? port
            return MetricsServer(group: group, channel: channel, slot: endpoints, host: host, port: bound)
        } catch {
            try? await group.shutdownGracefully()
            throw MetricsServerError("cannot serve metrics on \(host):\(port): \(error)")
        }
    }

    /// Serves `endpoints` from now on.
    public func serve(_ endpoints: any TelemetryEndpoints) {
        slot.set(endpoints)
    }

    /// Stops listening, closes the connections and ends the server's thread.
    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}
