/// The routing of the metrics endpoint, apart from any socket: a request's method and target in, the response's
/// status, headers and body out.
///
/// `GET` (and `HEAD`) of `/metrics`, `/health` and `/ready`; a query string is ignored. Any other path is 404,
/// any other method on these paths 405 with an `Allow` header.
enum MetricsRoute {
    /// A response to send.
    struct Response: Equatable {
        var status: Int
        var reason: String
        var contentType: String
        var extraHeaders: [(String, String)] = []
        var body: [UInt8]

        static func == (lhs: Response, rhs: Response) -> Bool {
            lhs.status == rhs.status && lhs.contentType == rhs.contentType && lhs.body == rhs.body
                && lhs.extraHeaders.map { "\($0.0): \($0.1)" } == rhs.extraHeaders.map { "\($0.0): \($0.1)" }
        }
    }

    static let paths = ["/metrics", "/health", "/ready"]

    static func respond(method: String, target: String, endpoints: any TelemetryEndpoints) -> Response {
        let path = String(target.prefix { $0 != "?" && $0 != "#" })
        guard paths.contains(path) else {
            return text(404, "Not Found", "not found: \(path.prefix(200)); try \(paths.joined(separator: ", "))\n")
        }
        guard method == "GET" || method == "HEAD" else {
            var response = text(405, "Method Not Allowed", "method \(method.prefix(20)) not allowed on \(path)\n")
            response.extraHeaders = [("Allow", "GET, HEAD")]
            return response
        }
        switch path {
        case "/metrics":
            return Response(
                status: 200, reason: "OK", contentType: "text/plain; version=0.0.4; charset=utf-8",
                body: endpoints.exposition())
        case "/health":
            return probe(endpoints.health())
        default:
            return probe(endpoints.readiness())
        }
    }

    private static func probe(_ result: ProbeResult) -> Response {
        result.passed
            ? text(200, "OK", result.detail + "\n") : text(503, "Service Unavailable", result.detail + "\n")
    }

    private static func text(_ status: Int, _ reason: String, _ body: String) -> Response {
        Response(status: status, reason: reason, contentType: "text/plain; charset=utf-8", body: Array(body.utf8))
    }
}
