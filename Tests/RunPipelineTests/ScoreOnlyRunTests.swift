import Foundation
import Slipstream
import SlipstreamLearn
import Testing

/// A learning `run-pipeline run fraud-detection` publishing its model, and a score-only worker scoring with the
/// published file, picking up each newer version while it runs.
@Suite("run-pipeline run --score-only")
struct ScoreOnlyRunTests {
    /// The version a published model file carries (examples learned), or nil while there is none.
    private func version(of file: URL) -> Int64? {
        guard let model = try? ModelFile.read(from: file) else { return nil }
        return model.metadata[ModelMetadataKey.version].flatMap { Int64($0) }
    }

    /// Copies `source` over `destination` the way a deployment publishes a file: written beside it, renamed.
    private func publish(_ source: URL, to destination: URL) throws {
        let staging = destination.appendingPathExtension("staging")
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.copyItem(at: source, to: staging)
        guard rename(staging.path, destination.path) == 0 else {
            throw KafkaCLI.Failure(description: "cannot rename \(staging.path): errno \(errno)")
        }
    }

    /// Runs the learning job until its published model has learned more than `above` examples, probing with a
    /// payment now and then so that event time moves on and label windows close; then stops it gracefully.
    private func learn(
        _ fixture: FraudFixture, arguments: [String], model: URL, above: Int64, probeFrom time: Int64
    ) throws -> Int64 {
        let run = try KafkaCLI.Background(arguments)
        let deadline = ContinuousClock.now.advanced(by: FraudFixture.patience)
        var probe = 0
        while ContinuousClock.now < deadline {
            if let published = version(of: model), published > above { break }
            try fixture.send(
                [("c-probe", FraudFixture.payment(id: "probe-\(time)-\(probe)", card: "c-probe", time: time + Int64(probe) * 1_000))],
                to: "payments")
            probe += 1
            Thread.sleep(forTimeInterval: 0.3)
        }
        let stopped = try run.stop(signal: SIGTERM, timeout: .seconds(60))
        #expect(stopped.status == 0, "\(stopped.stderr.suffix(2_000))")
        return try #require(version(of: model), "no model was published")
    }

    private func payments(_ range: Range<Int>, from start: Int64) -> [(key: String, value: String)] {
        range.map { index in
            let card = "c-\(index % 29)"
            return (card, FraudFixture.payment(id: "p-\(index)", card: card, amount: Double(5 + index % 70), time: start + Int64(index) * 1_000))
        }
    }

    @Test("a score-only worker scores with the published model, swaps in a newer one while running, and ignores a damaged file")
    func hotSwap() throws {
        let fixture = try FraudFixture()
        try fixture.kafka.createTopic("worker-scores", partitions: 2)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("score-only-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let published = directory.appendingPathComponent("published.model")
        let serving = directory.appendingPathComponent("serving.model")
        let learning = fixture.runArguments(["label-window=1s"]) + [
            "--snapshot-dir", directory.appendingPathComponent("snapshots").path, "--snapshot-interval", "300ms",
            "--publish-model", published.path,
        ]
        let start = FraudFixture.now - 3_600_000
        try fixture.send(payments(0..<150, from: start), to: "payments")
        let first = try learn(fixture, arguments: learning, model: published, above: 0, probeFrom: start + 200_000)
        try publish(published, to: serving)

        // The worker reads the payments from the start and writes its own scores.
        let worker = try KafkaCLI.Background(
            fixture.runArguments(["scores-topic=worker-scores"]) + [
                "--score-only", "--model", serving.path, "--model-reload", "100ms",
            ])
        defer { _ = try? worker.stop(signal: SIGKILL, timeout: .seconds(30)) }
        let workerScores = {
            try fixture.messages("worker-scores").map { try JSONDecoder().decode(FraudFixture.Score.self, from: Data($0.value.utf8)) }
        }
        func waitForWorker(_ ids: Set<String>) throws -> [FraudFixture.Score] {
            let deadline = ContinuousClock.now.advanced(by: FraudFixture.patience)
            while ContinuousClock.now < deadline {
                let scores = try workerScores().filter { ids.contains($0.id) }
                if Set(scores.map(\.id)) == ids { return scores }
                Thread.sleep(forTimeInterval: 0.2)
            }
            throw KafkaCLI.Failure(description: "the worker did not score \(ids.count) payments")
        }
        let initial = try waitForWorker(Set((0..<150).map { "p-\($0)" }))
        #expect(initial.allSatisfy { $0.modelVersion == first }, "versions \(Set(initial.map(\.modelVersion))), published \(first)")

        // A damaged file in its place is ignored: the worker keeps scoring with what it has.
        try Data("not a model".utf8).write(to: serving, options: .atomic)
        Thread.sleep(forTimeInterval: 0.5)
        try fixture.send(payments(150..<160, from: start + 400_000), to: "payments")
        let afterDamage = try waitForWorker(Set((150..<160).map { "p-\($0)" }))
        #expect(afterDamage.allSatisfy { $0.modelVersion == first })

        // The learning job resumes, learns more and publishes again; the worker swaps the new model in.
        try fixture.send(payments(160..<300, from: start + 500_000), to: "payments")
        let second = try learn(fixture, arguments: learning, model: published, above: first, probeFrom: start + 700_000)
        #expect(second > first)
        try publish(published, to: serving)
        let deadline = ContinuousClock.now.advanced(by: FraudFixture.patience)
        var probe = 0
        var swapped = false
        while ContinuousClock.now < deadline && !swapped {
            let id = "after-swap-\(probe)"
            try fixture.send([("c-1", FraudFixture.payment(id: id, card: "c-1", time: start + 900_000 + Int64(probe)))], to: "payments")
            swapped = try waitForWorker([id]).allSatisfy { $0.modelVersion == second }
            probe += 1
        }
        #expect(swapped, "the worker never scored with version \(second)")
        let all = try workerScores()
        #expect(Set(all.map(\.modelVersion)).isSubset(of: [first, second]), "\(Set(all.map(\.modelVersion)))")
        #expect(all.count == Set(all.map(\.id)).count, "every payment scored once")
    }
}
