import Foundation
import Logging
import SlipstreamKafka

/// An embedded cluster with the topics of `page-view-counts`, plus helpers to feed it views, run
/// `run-pipeline run` against it and read the counts back, for the run and snapshots end-to-end tests.
final class RunFixture {
    let kafka: EmbeddedKafka
    /// How long to wait for the pipeline to make progress: generous, because the suite runs many processes
    /// on few cores and snapshot fsyncs can then take long.
    static let patience = Duration.seconds(90)
    /// A topic for a Kafka snapshot store.
    static let snapshotTopic = "page-view-counts.snapshots"
    let snapshotDirectory: URL
    private(set) var producedTimes: [Int64] = []
    private(set) var producedPages: [String] = []

    /// One count written by the pipeline.
    struct Count: Decodable, Hashable {
        var page: String
        var views: Int64
        var time: Int64
    }

    init() throws {
        var logger = Logger(label: "tests")
        logger.logLevel = .critical
        kafka = try EmbeddedKafka(
            brokers: 1,
            topics: [
                .init("page-views", partitions: 2), .init("page-view-counts", partitions: 2),
                .init("page-views-dead-letters", partitions: 1), .init(Self.snapshotTopic, partitions: 3),
            ],
            retentionCheckInterval: nil, logger: logger)
        snapshotDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
    }

    deinit {
        try? FileManager.default.removeItem(at: snapshotDirectory)
        kafka.shutdown()
    }

    /// Produces `count` views of five pages, each with a time one greater than the last produced, plus `bots`
    /// views by a crawler that the pipeline drops.
    func produceViews(_ count: Int, bots: Int = 0) throws {
        var lines: [String] = []
        for _ in 0..<count {
            let time = (producedTimes.last ?? 1_700_000_000_000) + 1
            let page = "/page-\(time % 5)"
            producedTimes.append(time)
            producedPages.append(page)
            lines.append("{\"page\":\"\(page)\",\"user\":\"u\(time % 11)\",\"agent\":\"Mozilla/5.0\",\"time\":\(time)}")
        }
        for index in 0..<bots {
            lines.append("{\"page\":\"/page-1\",\"user\":\"b\(index)\",\"agent\":\"Googlebot/2.1\",\"time\":1}")
        }
        let file = try KafkaCLI.temporaryFile(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try KafkaCLI.run([
            "produce", "--brokers", kafka.bootstrapServers, "--topic", "page-views", "--file", file.path,
            "--key-field", "page",
        ])
        guard result.status == 0 else { throw KafkaCLI.Failure(description: "produce failed: \(result.stderr)") }
    }

    /// Every count in the output topic now.
    func counts() throws -> [Count] {
        let result = try KafkaCLI.run([
            "consume", "--brokers", kafka.bootstrapServers, "--topic", "page-view-counts", "--from-beginning",
            "--exit-at-end",
        ])
        guard result.status == 0 else { throw KafkaCLI.Failure(description: "consume failed: \(result.stderr)") }
        return try result.stdoutLines.map { try JSONDecoder().decode(Count.self, from: Data($0.utf8)) }
    }

    /// Waits until the output topic holds at least `count` counts.
    func waitForCounts(atLeast count: Int, timeout: Duration = .seconds(60)) throws -> [Count] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var latest: [Count] = []
        while ContinuousClock.now < deadline {
            latest = try counts()
            if latest.count >= count { return latest }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw KafkaCLI.Failure(description: "only \(latest.count) of \(count) counts arrived")
    }

    /// The arguments of `run-pipeline run page-view-counts` against this cluster and snapshot directory.
    /// A graceful stop gets a generous limit: the whole suite runs in parallel on a small machine, and a stop
    /// that is slow because it was starved must not pass for one that hangs (the test's own wait is longer).
    func runArguments(_ extra: [String] = []) -> [String] {
        let stopLimit = extra.contains("--stop-timeout") ? [] : ["--stop-timeout", "100s"]
        return [
            "run", "page-view-counts", "--brokers", kafka.bootstrapServers, "--snapshot-dir", snapshotDirectory.path,
            "--snapshot-interval", "300ms", "--threads", "2",
        ] + stopLimit + extra
    }

    /// Runs the pipeline until the output holds `expected` counts and it has committed a periodic snapshot (so
    /// it is surely up, its signal handling included), then stops it with SIGTERM.
    ///
    /// - Returns: the exit status and stderr of the run.
    func runUntil(
        counts expected: Int, _ extra: [String] = [], arguments: [String]? = nil
    ) throws -> (status: Int32, stderr: String) {
        let usesTopic = (arguments ?? extra).contains("--snapshot-topic")
        let newest = { usesTopic ? try self.newestTopicSnapshotID() : self.newestSnapshotID() }
        let before = try newest()
        let run = try KafkaCLI.Background(arguments ?? runArguments(extra))
        _ = try waitForCounts(atLeast: expected)
        let deadline = ContinuousClock.now.advanced(by: RunFixture.patience)
        while try newest() <= before && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return try run.stop(signal: SIGTERM, timeout: .seconds(130))
    }

    /// The highest snapshot id in the snapshot directory (0 for none).
    func newestSnapshotID() -> Int64 {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: snapshotDirectory.path)) ?? []
        return names.compactMap { $0.hasPrefix("snapshot-") ? Int64($0.dropFirst("snapshot-".count)) : nil }.max() ?? 0
    }

    /// The highest snapshot id in the snapshot topic, as `snapshots list` shows it (0 for none).
    func newestTopicSnapshotID() throws -> Int64 {
        let list = try KafkaCLI.run([
            "snapshots", "list", "--snapshot-topic", Self.snapshotTopic, "--brokers", kafka.bootstrapServers,
        ])
        return list.stdoutLines.dropFirst().compactMap { $0.split(separator: " ").first.flatMap { Int64($0) } }.max() ?? 0
    }

    /// `run-pipeline arguments…` with extra environment variables, to completion.
    static func run(_ arguments: [String], environment: [String: String]) throws -> KafkaCLI.Result {
        let process = Process()
        process.executableURL = KafkaCLI.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let collected = PipeCollector(out, err)
        let deadline = ContinuousClock.now.advanced(by: RunFixture.patience)
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            throw KafkaCLI.Failure(description: "run-pipeline \(arguments.joined(separator: " ")) did not finish")
        }
        process.waitUntilExit()
        let (stdout, stderr) = collected.finish()
        return KafkaCLI.Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}
