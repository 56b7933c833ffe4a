import Foundation
import SlipstreamTestKit
import Testing

/// `account-activity` run exactly-once against the embedded cluster while events keep arriving: killed with
/// SIGKILL at random moments and restarted, or with its broker taken away for a while. Afterwards the committed
/// output must hold exactly one result per event, each carrying the account figures an uninterrupted run
/// computes, and the model must have learnt every event exactly once (its examples count in the last snapshot
/// equals the events, and the results' model versions are 0, 1, … once each).
///
/// The scale can be raised through the environment (`scripts/crash-test.sh` does): `SLIPSTREAM_CRASH_EVENTS`
/// (default 3000), `SLIPSTREAM_CRASH_KILLS` (default 6), `SLIPSTREAM_CRASH_SEED` (default random; printed, so a
/// failure can be repeated).
@Suite("exactly-once under crashes and faults")
struct ExactlyOnceCrashTests {
    private static let environment = ProcessInfo.processInfo.environment
    static let events = environment["SLIPSTREAM_CRASH_EVENTS"].flatMap { Int($0) }.map { max(100, $0) } ?? 3000
    static let kills = environment["SLIPSTREAM_CRASH_KILLS"].flatMap { Int($0) }.map { max(1, $0) } ?? 6

    static func seed() -> UInt64 {
        environment["SLIPSTREAM_CRASH_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64(Int32.max))
    }

    @Test("kill -9 at random moments, restarts, then a graceful stop: one committed result per event, as an uninterrupted run computes it")
    func killsAtRandomMoments() throws {
        let seed = Self.seed()
        let fixture = try AccountActivityFixture(seed: seed)
        var random = SeededGenerator(seed: seed ^ 0x5EED)
        // Events keep arriving over about as long as the kills take, so that kills land mid-stream.
        let batchSize = 20
        let batches = Self.events / batchSize
        let pause = Duration.milliseconds(max(1, Self.kills * 1000 / batches))
        let feeder = try fixture.feed(batches: batches, batchSize: batchSize, pause: pause)

        var runs = 0
        for _ in 0..<Self.kills {
            let run = try KafkaCLI.Background(fixture.runArguments())
            runs += 1
            // Anywhere from start-up (restore, fencing) to well into processing and snapshotting.
            Thread.sleep(forTimeInterval: 0.2 + Double(random.next() % 1600) / 1000)
            _ = try run.stop(signal: SIGKILL)
        }
        try feeder.wait()

        let last = try KafkaCLI.Background(fixture.runArguments())
        runs += 1
        let deadline = ContinuousClock.now.advanced(by: RunFixture.patience)
        // Up (the earlier runs may have committed everything already) and done.
        while try !(last.stderrSoFar().contains("running on") && fixture.allCommitted()) && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.3)
        }
        let stopped = try last.stop(signal: SIGTERM, timeout: .seconds(130))
        #expect(stopped.status == 0, "\(stopped.stderr.suffix(3000))")
        #expect(stopped.stderr.contains("resumed from snapshot"), "\(stopped.stderr.suffix(3000))")

        let check = try fixture.check()
        #expect(check.problems.isEmpty, "seed \(seed): \(check.problems.joined(separator: "\n"))")
        #expect(check.committed.count == Self.events, "seed \(seed)")
        let learned = try fixture.examplesLearnedInLatestSnapshot()
        #expect(learned == Int64(Self.events), "the model learnt each event once")
        print(
            "crash test: \(runs) runs, \(Self.kills) kill -9, \(Self.events) events, \(check.committed.count) committed results checked (one per event, each equal to an uninterrupted run's, model versions 0..<\(Self.events) once each), model examples learnt \(learned.map(String.init) ?? "none"), \(check.transactions) transactions committed, \(check.aborted) aborted records ignored, seed \(seed)"
        )
    }

    @Test("the broker down and back up mid-run: one committed result per event")
    func brokerDownAndUp() throws {
        let seed = Self.seed()
        let fixture = try AccountActivityFixture(seed: seed)
        let feeder = try fixture.feed(batches: 75, batchSize: 20, pause: .milliseconds(30))
        let run = try KafkaCLI.Background(fixture.runArguments())
        let firstResults = ContinuousClock.now.advanced(by: RunFixture.patience)
        while try fixture.check().committed.isEmpty && ContinuousClock.now < firstResults {
            Thread.sleep(forTimeInterval: 0.1)
        }
        try fixture.kafka.setBrokerDown(1)
        Thread.sleep(forTimeInterval: 1.5)
        try fixture.kafka.setBrokerUp(1)
        try feeder.wait()

        let deadline = ContinuousClock.now.advanced(by: RunFixture.patience)
        while try !fixture.allCommitted() && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.3) }
        let stopped = try run.stop(signal: SIGTERM, timeout: .seconds(130))
        #expect(stopped.status == 0, "\(stopped.stderr.suffix(3000))")
        let check = try fixture.check()
        #expect(check.problems.isEmpty, "seed \(seed): \(check.problems.joined(separator: "\n"))")
        #expect(check.committed.count == fixture.events.count)
        #expect(try fixture.examplesLearnedInLatestSnapshot() == Int64(fixture.events.count))
    }
}
