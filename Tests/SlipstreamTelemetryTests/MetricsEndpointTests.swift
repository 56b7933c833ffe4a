import Foundation
import Slipstream
import SlipstreamEngine
import Testing

@testable import SlipstreamTelemetry

@Suite("Metrics endpoint")
struct MetricsEndpointTests {
    /// Runs a small in-memory pipeline to its end and serves its telemetry.
    private func completedJob(events: Int) throws -> (JobTelemetry, Int) {
        let collector = Collector<Int>()
        let pipeline = Pipeline("telemetry-numbers") { p in
            p.read(.sequence(0..<events)).map(name: "triple") { $0 * 3 }.write(.collect(into: collector))
        }
        let configuration = PipelineConfiguration(cooperativeThreads: 2)
        let job = try pipeline.start(configuration)
        try job.waitForCompletion()
        let dag = try pipeline.physicalPlan(configuration).dag
        return (JobTelemetry(job: job, dag: dag, eventToScoreLatency: LatencyHistogram()), collector.count)
    }

    @Test("/metrics has the load of each worker while the workers balance their load")
    func workerLoads() throws {
        let pipeline = Pipeline("telemetry-workers") { p in
            p.read(.sequence(0..<5_000)).map(name: "triple") { $0 * 3 }.write(.forEach { _ in })
        }
        let configuration = PipelineConfiguration(cooperativeThreads: 2)
        let dag = try pipeline.physicalPlan(configuration).dag
        // A service of its own, which keeps its workers after the job (a job's private one stops them with it).
        let service = ExecutionService(cooperativeThreadCount: 2)
        defer { service.shutdown() }
        let job = try service.submit(dag, config: JobConfig(name: "telemetry-workers"))
        try job.waitForCompletion()
        let telemetry = JobTelemetry(job: job, dag: dag, eventToScoreLatency: LatencyHistogram())
        let lines = String(decoding: telemetry.exposition(), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.contains("# TYPE \(MetricName.workerLoad) gauge"))
        for worker in 0..<2 {
            let series = "\(MetricName.workerLoad){job=\"telemetry-workers\",worker=\"\(worker)\"} "
            let load = lines.first { $0.hasPrefix(series) }.flatMap { Double($0.dropFirst(series.count)) }
            #expect(load.map { $0 >= 0 } == true, "worker \(worker)")
        }
        #expect(lines.contains { $0.hasPrefix("\(MetricName.taskletMoves){job=\"telemetry-workers\"} ") })
    }

    @Test("/metrics answers every vertex, job, learner and snapshot series after a pipeline ran")
    func metricsAfterAPipelineRan() async throws {
        let (telemetry, collected) = try completedJob(events: 5_000)
        #expect(collected == 5_000)
        telemetry.provideLearnerProgress {
            [LearnerProgress(name: "champion", stage: "score", examples: 1_200, logLoss: 0.31, auc: 0.87, rollingAUC: 0.9, accuracy: 0.8)]
        }
        telemetry.provideConsumerLag { [TopicLag(topic: "payments", records: 42)] }
        telemetry.record(SnapshotReport(trigger: .periodic, snapshotID: 7, duration: .milliseconds(120), pause: .zero, failure: nil))
        telemetry.eventToScoreLatency.record(.milliseconds(3))
        let server = try await MetricsServer.start(serving: telemetry, port: 0)
        defer { Task { await server.shutdown() } }

        let response = try RawHTTP.request("GET", "/metrics", port: server.port)
        #expect(response.status == 200)
        #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let lines = response.body.split(separator: "\n").map(String.init)
        func value(_ series: String) -> Double? {
            lines.first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) }
        }
        for name in [
            MetricName.vertexItemsIn, MetricName.vertexItemsOut, MetricName.vertexQueuedItems,
            MetricName.vertexQueueFill, MetricName.vertexBusySeconds, MetricName.eventsIn, MetricName.eventsOut,
            MetricName.jobRunning, MetricName.jobReady, MetricName.consumerLag, MetricName.learnerExamples,
            MetricName.learnerLogLoss, MetricName.learnerAUC, MetricName.learnerRollingAUC, MetricName.snapshotLastID,
            MetricName.snapshotLastTime, MetricName.snapshotLastDuration, MetricName.snapshots, MetricName.taskletMoves,
        ] {
            #expect(lines.contains("# TYPE \(name) \(name.hasSuffix("_total") ? "counter" : "gauge")"), "\(name)")
        }
        #expect(lines.contains("# TYPE \(MetricName.eventToScoreLatency) histogram"))
        let job = "job=\"telemetry-numbers\""
        #expect(value("\(MetricName.eventsIn){\(job)}") == 5_000)
        #expect(value("\(MetricName.eventsOut){\(job)}") == 5_000)
        #expect(value("\(MetricName.vertexItemsIn){\(job),vertex=\"triple\"}") == 5_000)
        #expect(value("\(MetricName.jobRunning){\(job)}") == 0)
        #expect(value("\(MetricName.consumerLag){\(job),topic=\"payments\"}") == 42)
        #expect(value("\(MetricName.learnerAUC){\(job),stage=\"score\",learner=\"champion\"}") == 0.87)
        #expect(value("\(MetricName.snapshotLastID){\(job)}") == 7)
        #expect(value("\(MetricName.snapshots){\(job),outcome=\"committed\"}") == 1)
        #expect(value("\(MetricName.eventToScoreLatency)_count{\(job)}") == 1)
        #expect(value("\(MetricName.eventToScoreLatency)_bucket{\(job),le=\"0.0025\"}") == 0)
        #expect(value("\(MetricName.eventToScoreLatency)_bucket{\(job),le=\"0.005\"}") == 1)

        // The standard process series, as every Prometheus client exports them.
        #expect((value("process_cpu_seconds_total") ?? 0) > 0)
        let started = try #require(value("process_start_time_seconds"))
        let now = Date().timeIntervalSince1970
        #expect(started <= now + 1 && started > now - 86_400, "started \(now - started) s ago")
        #if os(Linux)
            #expect((value("process_resident_memory_bytes") ?? 0) > 1_000_000)
            #expect((value("process_open_fds") ?? 0) >= 3)
        #endif

        // A second scrape adds nothing when nothing happened: counters mirror totals, they do not re-add them.
        let again = try RawHTTP.request("GET", "/metrics", port: server.port)
        #expect(again.body.contains("\(MetricName.eventsIn){\(job)} 5000"))
    }

    @Test("/health and /ready are 200 while the job runs (/ready once a readiness check passes too) and 503 once it has ended")
    func healthAndReadiness() async throws {
        let pipeline = Pipeline("telemetry-forever") { p in
            p.read(.generator(count: nil) { $0 }).filter(name: "none") { _ in false }.write(.collect(into: Collector<Int>()))
        }
        let configuration = PipelineConfiguration(cooperativeThreads: 1)
        let job = try pipeline.start(configuration)
        let telemetry = JobTelemetry(
            job: job, dag: try pipeline.physicalPlan(configuration).dag, eventToScoreLatency: LatencyHistogram())
        let server = try await MetricsServer.start(port: 0)
        defer { Task { await server.shutdown() } }
        let beforeTheJob = try RawHTTP.request("GET", "/health", port: server.port)
        #expect(beforeTheJob.status == 503)
        #expect(beforeTheJob.body.contains("starting"))
        #expect(try RawHTTP.request("GET", "/ready", port: server.port).status == 503)
        server.serve(telemetry)

        #expect(try RawHTTP.request("GET", "/health", port: server.port).status == 200)
        let notStarted = try RawHTTP.request("GET", "/ready", port: server.port)
        #expect(notStarted.status == 503)
        #expect(notStarted.body.contains("starting"))
        telemetry.markStarted()
        // A further condition (run-pipeline's: every Kafka source has its partitions) holds readiness back.
        let held = Held()
        telemetry.provideReadinessCheck { _ in held.reason }
        var ready = try RawHTTP.request("GET", "/ready", port: server.port)
        for _ in 0..<200 where !ready.body.contains("partitions not assigned") {
            try await Task.sleep(for: .milliseconds(50))
            ready = try RawHTTP.request("GET", "/ready", port: server.port)
        }
        #expect(ready.status == 503)
        #expect(ready.body.contains("partitions not assigned"), "\(ready.body)")
        held.reason = nil
        for _ in 0..<200 where ready.status != 200 {
            try await Task.sleep(for: .milliseconds(50))
            ready = try RawHTTP.request("GET", "/ready", port: server.port)
        }
        #expect(ready.status == 200)

        job.cancel()
        try? await job.join()
        let health = try RawHTTP.request("GET", "/health", port: server.port)
        #expect(health.status == 503)
        #expect(health.body.contains("cancelled"))
        #expect(try RawHTTP.request("GET", "/ready", port: server.port).status == 503)
    }

    /// A readiness reason the test changes while the server reads it.
    private final class Held: @unchecked Sendable {
        private let lock = NSLock()
        private var value: String? = "partitions not assigned"
        var reason: String? {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue } }
        }
    }

    @Test("unknown paths are 404, other methods 405, malformed requests 400, and the server keeps serving")
    func badRequests() async throws {
        let (telemetry, _) = try completedJob(events: 10)
        let server = try await MetricsServer.start(serving: telemetry, port: 0)
        defer { Task { await server.shutdown() } }

        #expect(try RawHTTP.request("GET", "/", port: server.port).status == 404)
        #expect(try RawHTTP.request("GET", "/metrics/../etc/passwd", port: server.port).status == 404)
        let post = try RawHTTP.request("POST", "/metrics", port: server.port)
        #expect(post.status == 405)
        #expect(post.headers["allow"] == "GET, HEAD")
        #expect(try RawHTTP.request("DELETE", "/health", port: server.port).status == 405)
        #expect(try RawHTTP.send("this is not HTTP\r\n\r\n", port: server.port).status == 400)
        let head = try RawHTTP.request("HEAD", "/metrics", port: server.port)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(try RawHTTP.request("GET", "/metrics?name=x", port: server.port).status == 200)
    }

    @Test("a port already in use is a clear error, not a crash")
    func portInUse() async throws {
        let (telemetry, _) = try completedJob(events: 10)
        let first = try await MetricsServer.start(serving: telemetry, port: 0)
        defer { Task { await first.shutdown() } }
        await #expect(throws: MetricsServerError.self) {
            _ = try await MetricsServer.start(serving: telemetry, port: first.port)
        }
    }
}
