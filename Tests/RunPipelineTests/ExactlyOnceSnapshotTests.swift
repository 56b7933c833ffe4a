import Foundation
import Testing

/// Exactly-once `account-activity` when the snapshot store misbehaves: output commits only with a durable
/// snapshot, and the restore point is chosen with the transaction log even when the latest snapshot is damaged.
@Suite("exactly-once with failing or damaged snapshots")
struct ExactlyOnceSnapshotTests {
    /// Snapshot writes fail (the store's staging directory replaced by a file stands in for a full or read-only
    /// disk): the job keeps running, but no transaction may commit without a durable snapshot naming it, so the
    /// results of the events that arrive meanwhile stay uncommitted; once writes succeed again, they commit, once.
    @Test("failing snapshot writes hold the output back; once a snapshot succeeds again everything commits, once")
    func failingSnapshotWritesHoldTheOutput() throws {
        let fixture = try AccountActivityFixture(seed: UInt64.random(in: 1...1_000_000))
        try fixture.feed(batches: 10, batchSize: 20, pause: .milliseconds(5)).wait()
        let run = try KafkaCLI.Background(fixture.runArguments())
        try waitUntil { try fixture.allCommitted() }

        let staging = fixture.snapshotDirectory.appendingPathComponent(".staging")
        try FileManager.default.removeItem(at: staging)
        try Data("not a directory".utf8).write(to: staging)
        try fixture.feed(batches: 10, batchSize: 20, pause: .milliseconds(5)).wait()
        // Two failed snapshots after the events were produced: the job kept running and tried.
        let failure = "the previous complete snapshot stays the restore point"
        try waitUntil { run.stderrSoFar().components(separatedBy: failure).count > 2 }
        #expect(try fixture.check().committed.count == 200, "nothing commits while snapshots fail")

        try FileManager.default.removeItem(at: staging)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        try waitUntil { try fixture.allCommitted() }
        let stopped = try run.stop(signal: SIGTERM, timeout: .seconds(130))
        #expect(stopped.status == 0, "\(stopped.stderr.suffix(3000))")
        let check = try fixture.check()
        #expect(check.problems.isEmpty, "\(check.problems.joined(separator: "\n"))")
        #expect(check.committed.count == 400)
    }

    /// The latest snapshot's transaction committed, but its file is damaged: the restart says so and restores
    /// the previous complete snapshot (replaying from there rewrites what was committed since, which the log
    /// line warns about), and no event goes without its result.
    @Test("a damaged latest snapshot: the restart logs it, resumes from the previous one, and loses no result")
    func damagedLatestSnapshot() throws {
        let fixture = try AccountActivityFixture(seed: UInt64.random(in: 1...1_000_000))
        try fixture.feed(batches: 10, batchSize: 20, pause: .milliseconds(5)).wait()
        let first = try KafkaCLI.Background(fixture.runArguments())
        try waitUntil { try fixture.allCommitted() }
        let stopped = try first.stop(signal: SIGTERM, timeout: .seconds(130))
        #expect(stopped.status == 0, "\(stopped.stderr.suffix(3000))")

        let snapshots = try FileManager.default.contentsOfDirectory(atPath: fixture.snapshotDirectory.path)
            .filter { $0.hasPrefix("snapshot-") }.sorted()
        try #require(snapshots.count >= 2, "two complete snapshots: \(snapshots)")
        let latest = fixture.snapshotDirectory.appendingPathComponent(snapshots.last!)
        let segment = try #require(
            try FileManager.default.contentsOfDirectory(atPath: latest.path).first { $0.contains("account-totals") })
        let file = latest.appendingPathComponent(segment)
        var bytes = try Data(contentsOf: file)
        for index in stride(from: bytes.count / 2, to: min(bytes.count, bytes.count / 2 + 8), by: 1) { bytes[index] ^= 0xFF }
        try bytes.write(to: file)

        try fixture.feed(batches: 5, batchSize: 20, pause: .milliseconds(5)).wait()
        let second = try KafkaCLI.Background(fixture.runArguments())
        try waitUntil { try fixture.allCommitted() }
        let restarted = try second.stop(signal: SIGTERM, timeout: .seconds(130))
        #expect(restarted.status == 0, "\(restarted.stderr.suffix(3000))")
        let latestID = Int64(snapshots.last!.dropFirst("snapshot-".count))!
        #expect(restarted.stderr.contains("skipping snapshot \(latestID)"), "\(restarted.stderr.prefix(3000))")
        #expect(restarted.stderr.contains("will be written again"), "\(restarted.stderr.prefix(3000))")
        #expect(restarted.stderr.contains("resumed from snapshot"), "\(restarted.stderr.prefix(3000))")
        let check = try fixture.check()
        #expect(Set(check.committed.map(\.id)).count == 300, "every event has a committed result")
    }

    /// The process dies after the store made snapshot *n* durable but before its Kafka transaction committed:
    /// simulated by appending to the transaction log a commit record naming snapshot *n − 1*'s transaction, so
    /// that it is the last committed one. The restart must discard snapshot *n* and resume from *n − 1*.
    @Test("a snapshot whose Kafka transaction never committed is discarded; the one the log names is restored")
    func uncommittedSnapshotIsDiscarded() throws {
        let fixture = try AccountActivityFixture(seed: UInt64.random(in: 1...1_000_000))
        try fixture.feed(batches: 10, batchSize: 20, pause: .milliseconds(5)).wait()
        let first = try KafkaCLI.Background(fixture.runArguments())
        try waitUntil { try fixture.allCommitted() }
        #expect(try first.stop(signal: SIGTERM, timeout: .seconds(130)).status == 0)

        let ids = try FileManager.default.contentsOfDirectory(atPath: fixture.snapshotDirectory.path)
            .compactMap { $0.hasPrefix("snapshot-") ? Int64($0.dropFirst("snapshot-".count)) : nil }.sorted()
        try #require(ids.count >= 2, "two complete snapshots: \(ids)")
        let (previous, latest) = (ids[ids.count - 2], ids[ids.count - 1])
        let shown = try KafkaCLI.run(["snapshots", "show", "\(previous)", "--snapshot-dir", fixture.snapshotDirectory.path])
        let annotation = try #require(
            shown.stdoutLines.first { $0.contains("kafka.transaction.results-out = ") }?
                .components(separatedBy: " = ").last, "\(shown.stdout)")
        var fields: [String: String] = [:]
        for pair in annotation.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        let commit = """
            {"transactionalID":"\(AccountActivityFixture.transactionalID)","lineage":"\(fields["lineage"] ?? "")",\
            "epoch":\(fields["epoch"] ?? "0"),"ranges":[],"reason":"snapshot",\
            "committedAtMilliseconds":0}
            """
        try fixture.appendToTransactionLog(commit)

        let second = try KafkaCLI.Background(fixture.runArguments())
        try waitUntil { second.stderrSoFar().contains("running on") }
        let restarted = try second.stop(signal: SIGTERM, timeout: .seconds(130))
        #expect(restarted.status == 0, "\(restarted.stderr.suffix(3000))")
        #expect(restarted.stderr.contains("discarding snapshot \(latest)"), "\(restarted.stderr.prefix(3000))")
        #expect(restarted.stderr.contains("resumed from snapshot \(previous)"), "\(restarted.stderr.prefix(3000))")
        let remaining = try FileManager.default.contentsOfDirectory(atPath: fixture.snapshotDirectory.path)
        #expect(!remaining.contains { $0.hasPrefix("snapshot-") && Int64($0.dropFirst("snapshot-".count)) == latest })
    }

    /// Polls `condition` until it holds, failing after the suite's patience.
    private func waitUntil(_ condition: () throws -> Bool) throws {
        let deadline = ContinuousClock.now.advanced(by: RunFixture.patience)
        while try !condition() {
            guard ContinuousClock.now < deadline else { throw KafkaCLI.Failure(description: "timed out waiting") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }
}
