import Foundation
import Testing

/// `run-pipeline run --metrics-port`: Prometheus metrics and the probes of a running job, and the progress line.
@Suite("run-pipeline run metrics endpoint")
struct RunMetricsEndpointTests {
    /// Retries `request` until `accept` holds or the fixture's patience runs out; returns the last answer.
    private func poll<T>(_ request: () throws -> T, until accept: (T) -> Bool) throws -> T {
        let deadline = ContinuousClock.now.advanced(by: RunFixture.patience)
        var answer = try? request()
        while answer.map(accept) != true && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            answer = try? request()
        }
        return try answer ?? request()
    }

    @Test("a running job serves /metrics with its vertex, event and snapshot series, /health and /ready 200, bad paths 404")
    func servesTheRunningJob() throws {
        let fixture = try RunFixture()
        try fixture.produceViews(200)
        let port = try LoopbackHTTP.freePort()
        let run = try KafkaCLI.Background(
            fixture.runArguments(["--metrics-port", String(port), "--progress-interval", "300ms"]))
        _ = try fixture.waitForCounts(atLeast: 200)

        let ready = try poll({ try LoopbackHTTP.get("/ready", port: port) }, until: { $0.status == 200 })
        #expect(ready.status == 200, "\(ready.body)")
        #expect(try LoopbackHTTP.get("/health", port: port).status == 200)
        #expect(try LoopbackHTTP.get("/nope", port: port).status == 404)
        let metrics = try poll(
            { try LoopbackHTTP.get("/metrics", port: port) },
            until: { $0.body.contains("slipstream_snapshot_last_id{job=\"page-view-counts\"}") })
        #expect(metrics.status == 200)
        let lines = metrics.body.split(separator: "\n").map(String.init)
        let eventsIn = lines.first { $0.hasPrefix("slipstream_events_in_total{job=\"page-view-counts\"} ") }
        #expect(eventsIn.flatMap { Double($0.split(separator: " ").last!) }.map { $0 >= 200 } == true, "\(eventsIn ?? "none")")
        for name in [
            "slipstream_vertex_items_in_total", "slipstream_vertex_items_out_total", "slipstream_vertex_queue_fill_ratio",
            "slipstream_vertex_busy_seconds_total", "slipstream_job_running", "slipstream_job_ready",
            "slipstream_snapshot_last_id", "slipstream_snapshot_last_duration_seconds", "slipstream_snapshots_total",
            "slipstream_event_to_score_latency_seconds",
        ] {
            #expect(lines.contains { $0.hasPrefix("# TYPE \(name) ") }, "\(name)")
        }
        #expect(lines.contains { $0.hasPrefix("slipstream_job_running{job=\"page-view-counts\"} 1") })
        // Let a few progress intervals pass (each snapshot interval is as long) before stopping.
        let committed = "slipstream_snapshots_total{job=\"page-view-counts\",outcome=\"committed\"} "
        _ = try poll(
            { try LoopbackHTTP.get("/metrics", port: port).body },
            until: { body in
                body.split(separator: "\n").contains { $0.hasPrefix(committed) && (Double($0.dropFirst(committed.count)) ?? 0) >= 4 }
            })

        // Every view was read, so once a snapshot after that is committed the lag it measures is 0.
        let lagLine = "slipstream_consumer_lag_records{job=\"page-view-counts\",topic=\"page-views\"} "
        let lag = try poll(
            { try LoopbackHTTP.get("/metrics", port: port).body },
            until: { $0.contains(lagLine + "0.0") || $0.contains(lagLine + "0\n") })
        #expect(lag.contains(lagLine), "no consumer lag series")

        let stopped = try run.stop(signal: SIGTERM, timeout: .seconds(130))
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("metrics on http://127.0.0.1:\(port)/metrics"))
        let progress = stopped.stderr.split(separator: "\n").filter { $0.contains("page-view-counts: read ") }
        #expect(progress.contains { $0.contains("/s in") && $0.contains("last snapshot") }, "\(stopped.stderr.suffix(2_000))")
        #expect(progress.contains { $0.contains("; lag 0;") }, "\(stopped.stderr.suffix(2_000))")
    }

    @Test("a bad or busy metrics port stops run before the job starts, with the reason")
    func badPorts() throws {
        let fixture = try RunFixture()
        let outOfRange = try RunFixture.run(fixture.runArguments(["--metrics-port", "70000"]), environment: [:])
        #expect(outOfRange.status == 64)
        #expect(outOfRange.stderr.contains("--metrics-port must be a port number"))
        let fromEnvironment = try RunFixture.run(
            fixture.runArguments(), environment: ["SLIPSTREAM_METRICS_PORT": "http"])
        #expect(fromEnvironment.status == 64)
        #expect(fromEnvironment.stderr.contains("SLIPSTREAM_METRICS_PORT must be a port number"))
        let config = try KafkaCLI.temporaryFile("metrics-port: 9464x\n")
        defer { try? FileManager.default.removeItem(at: config) }
        let fromFile = try RunFixture.run(fixture.runArguments(["--config", config.path]), environment: [:])
        #expect(fromFile.status == 64)
        #expect(fromFile.stderr.contains("metrics-port must be a port number"), "\(fromFile.stderr)")
        let hostAlone = try RunFixture.run(fixture.runArguments(["--metrics-host", "0.0.0.0"]), environment: [:])
        #expect(hostAlone.status == 64)

        let port = try LoopbackHTTP.freePort()
        let first = try KafkaCLI.Background(fixture.runArguments(["--metrics-port", String(port)]))
        _ = try poll({ try LoopbackHTTP.get("/health", port: port) }, until: { $0.status == 200 })
        let second = try RunFixture.run(fixture.runArguments(["--metrics-port", String(port)]), environment: [:])
        #expect(second.status == 1)
        #expect(second.stderr.contains("cannot serve metrics on 127.0.0.1:\(port)"), "\(second.stderr)")
        _ = try first.stop(signal: SIGTERM, timeout: .seconds(130))
    }
}
