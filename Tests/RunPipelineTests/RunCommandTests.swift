import Foundation
import Testing

@Suite("run-pipeline run")
struct RunCommandTests {
    /// A graceful stop (SIGTERM) takes a terminal snapshot after which the sources emit nothing, and the Kafka
    /// sink flushes before that snapshot commits; so even at-least-once, a restart that resumes from it must
    /// neither replay nor skip an input. Every view has a distinct time that its count carries, so the output
    /// must hold each produced time exactly once.
    @Test("SIGTERM takes a final snapshot; --resume continues from its offsets and state, counting no view twice")
    func resumeAfterGracefulStop() throws {
        let fixture = try RunFixture()
        try fixture.produceViews(300, bots: 20)
        let first = try fixture.runUntil(counts: 300)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("started fresh"), "\(first.stderr)")
        #expect(first.stderr.contains("stopped after final snapshot"), "\(first.stderr)")

        try fixture.produceViews(200)
        let second = try fixture.runUntil(counts: 500, ["--resume"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("resumed from snapshot"), "\(second.stderr)")

        let counts = try fixture.counts()
        #expect(counts.map(\.time).sorted() == fixture.producedTimes, "each view counted exactly once")
        #expect(!counts.contains { $0.page == "/page-1" && $0.time == 1 }, "bot views are dropped")

        // The per-page counts carry on from the snapshot: each page's counts are exactly 1…n, once each.
        var expected: [String: [Int64]] = [:]
        for page in fixture.producedPages { expected[page, default: []].append(Int64(expected[page]?.count ?? 0) + 1) }
        var actual: [String: [Int64]] = [:]
        for count in counts { actual[count.page, default: []].append(count.views) }
        #expect(actual.mapValues { $0.sorted() } == expected)
    }

    /// After kill -9 the restart resumes from the last periodic snapshot: views read since then are counted
    /// again (at-least-once, the Kafka sink is not transactional), but none is lost, and the crashed writer's
    /// lock and staging leftovers do not stop the new run.
    @Test("kill -9, then restart: every view is counted at least once")
    func crashLosesNothing() throws {
        let fixture = try RunFixture()
        try fixture.produceViews(300)
        let crashed = try KafkaCLI.Background(fixture.runArguments())
        _ = try fixture.waitForCounts(atLeast: 300)
        let deadline = ContinuousClock.now.advanced(by: RunFixture.patience)
        while fixture.newestSnapshotID() == 0 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try #require(fixture.newestSnapshotID() > 0, "a periodic snapshot before the crash")
        _ = try crashed.stop(signal: SIGKILL)

        try fixture.produceViews(200)
        let restarted = try fixture.runUntil(counts: 500)
        #expect(restarted.status == 0, "\(restarted.stderr)")
        #expect(restarted.stderr.contains("resumed from snapshot"), "\(restarted.stderr)")
        let times = try fixture.counts().map(\.time)
        #expect(Set(times) == Set(fixture.producedTimes), "no view lost")
        #expect(times.count >= fixture.producedTimes.count)
    }

    /// Snapshot writes that start failing (the directory replaced by a file stands in for a full or read-only
    /// disk) are logged while the job keeps running; the final snapshot then fails too, so the stop reports it
    /// and exits 1 instead of claiming a restore point it does not have.
    @Test("failing snapshot writes are logged, the job keeps running, and a failed final snapshot exits 1")
    func failingSnapshotWrites() throws {
        let fixture = try RunFixture()
        try fixture.produceViews(50)
        let run = try KafkaCLI.Background(fixture.runArguments(["--stop-timeout", "20s"]))
        _ = try fixture.waitForCounts(atLeast: 50)
        let deadline = ContinuousClock.now.advanced(by: RunFixture.patience)
        while fixture.newestSnapshotID() == 0 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try FileManager.default.removeItem(at: fixture.snapshotDirectory)
        try Data("not a directory".utf8).write(to: fixture.snapshotDirectory)
        defer { try? FileManager.default.removeItem(at: fixture.snapshotDirectory) }

        // Views still flow while snapshots fail.
        try fixture.produceViews(50)
        _ = try fixture.waitForCounts(atLeast: 100)
        Thread.sleep(forTimeInterval: 0.7)  // at least one periodic snapshot attempt after the damage
        let stopped = try run.stop(signal: SIGTERM, timeout: .seconds(40))
        #expect(stopped.status == 1, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("the previous complete snapshot stays the restore point"), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("the final snapshot failed"), "\(stopped.stderr)")
    }

    @Test("SIGUSR1 takes a snapshot on demand")
    func snapshotOnDemand() throws {
        let fixture = try RunFixture()
        try fixture.produceViews(40)
        let run = try KafkaCLI.Background(fixture.runArguments(["--snapshot-interval", "off"]))
        _ = try fixture.waitForCounts(atLeast: 40)
        #expect(fixture.newestSnapshotID() == 0, "no periodic snapshots")
        let deadline = ContinuousClock.now.advanced(by: RunFixture.patience)
        while fixture.newestSnapshotID() == 0 && ContinuousClock.now < deadline {
            kill(run.process.processIdentifier, SIGUSR1)
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(fixture.newestSnapshotID() > 0)
        let stopped = try run.stop(signal: SIGTERM)
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("on-demand job snapshot"), "\(stopped.stderr)")
    }

    @Test("snapshots in a Kafka topic: another process resumes from them")
    func kafkaSnapshotTopic() throws {
        let fixture = try RunFixture()
        let arguments = [
            "run", "page-view-counts", "--brokers", fixture.kafka.bootstrapServers, "--snapshot-topic",
            RunFixture.snapshotTopic, "--snapshot-interval", "300ms", "--threads", "2",
        ]
        try fixture.produceViews(100)
        let first = try fixture.runUntil(counts: 100, arguments: arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let list = try KafkaCLI.run([
            "snapshots", "list", "--snapshot-topic", RunFixture.snapshotTopic, "--brokers", fixture.kafka.bootstrapServers,
        ])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdoutLines.dropFirst().first?.hasSuffix(" ok") == true, "\(list.stdout)")

        try fixture.produceViews(50)
        let second = try fixture.runUntil(counts: 150, arguments: arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("resumed from snapshot"), "\(second.stderr)")
        #expect(try fixture.counts().map(\.time).sorted() == fixture.producedTimes)
    }

    @Test("--fresh ignores the snapshots and reads the input again from the start")
    func freshIgnoresSnapshots() throws {
        let fixture = try RunFixture()
        try fixture.produceViews(100)
        let first = try fixture.runUntil(counts: 100)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try fixture.runUntil(counts: 200, ["--fresh"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("--fresh"), "\(second.stderr)")
        let times = try fixture.counts().map(\.time).sorted()
        #expect(times == (fixture.producedTimes + fixture.producedTimes).sorted())
    }

    @Test("an unknown pipeline or a bad setting is one line on stderr and exit status 64", arguments: [
        (["run", "no-such-pipeline"], [:], "unknown pipeline 'no-such-pipeline'"),
        (["run", "page-view-counts", "--guarantee", "twice"], [:], "--guarantee must be exactly-once"),
        (["run", "page-view-counts", "--snapshot-interval", "soon"], [:], "--snapshot-interval wants a duration"),
        (["run", "page-view-counts", "--resume", "--fresh"], [:], "contradict"),
        (["run", "page-view-counts"], ["SLIPSTREAM_SNAPSHOT_RETAIN": "0"], "SLIPSTREAM_SNAPSHOT_RETAIN wants"),
        (["run", "page-view-counts", "--guarantee", "exactly-once", "--snapshot-retain", "1"], [:], "exactly-once needs --snapshot-retain of at least 2"),
        (["run", "page-view-counts", "--set", "input-topic"], [:], "--set wants NAME=VALUE"),
        (["run", "page-view-counts", "--snapshot-dir", "d", "--snapshot-topic", "t"], [:], "not both"),
    ] as [([String], [String: String], String)])
    func rejectsBadSettings(arguments: [String], environment: [String: String], reason: String) throws {
        let result = try RunFixture.run(arguments, environment: environment)
        #expect(result.status == 64)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains(reason), "\(result.stderr)")
    }

    @Test("a YAML settings file configures the run; flags and environment override it")
    func settingsFile() throws {
        let fixture = try RunFixture()
        try fixture.produceViews(50)
        let file = try KafkaCLI.temporaryFile(
            """
            brokers: \(fixture.kafka.bootstrapServers)
            snapshot-dir: \(fixture.snapshotDirectory.path)
            snapshot-interval: 200ms
            guarantee: exactly-once
            settings:
              input-topic: page-views
            """)
        let run = try fixture.runUntil(counts: 50, arguments: ["run", "page-view-counts", "--config", file.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("exactlyOnce guarantee"), "\(run.stderr)")
        #expect(fixture.newestSnapshotID() > 0)

        let overridden = try RunFixture.run(
            ["run", "page-view-counts", "--config", file.path], environment: ["SLIPSTREAM_GUARANTEE": "sometimes"])
        #expect(overridden.status == 64)
        #expect(overridden.stderr.contains("SLIPSTREAM_GUARANTEE must be"), "\(overridden.stderr)")

        let typo = try KafkaCLI.temporaryFile("broker: localhost:9092\n")
        let rejected = try RunFixture.run(["run", "page-view-counts", "--config", typo.path], environment: [:])
        #expect(rejected.status == 64)
        #expect(rejected.stderr.contains("unknown key 'broker'"), "\(rejected.stderr)")
    }

    @Test("--help documents every environment variable and default")
    func helpDocumentsEnvironment() throws {
        let help = try KafkaCLI.run(["run", "--help"])
        #expect(help.status == 0)
        for variable in [
            "SLIPSTREAM_BROKERS", "SLIPSTREAM_SNAPSHOT_DIR", "SLIPSTREAM_SNAPSHOT_INTERVAL", "SLIPSTREAM_GUARANTEE",
            "SLIPSTREAM_FRESH", "SLIPSTREAM_STOP_TIMEOUT",
        ] {
            #expect(help.stdout.contains(variable), "\(variable)")
        }
    }
}
