import Foundation
import SlipstreamEngine
import SlipstreamLearn
import SlipstreamSnapshot
import Testing

@Suite("run-pipeline snapshots export")
struct SnapshotsExportCommandTests {
    /// A snapshot directory holding one committed snapshot whose learner vertex saved `models`.
    private func snapshotDirectory(models: [String: [UInt8]]) async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        let store = try DirectorySnapshotStore(directory: directory.path)
        let entries = models.map { SnapshotEntry(key: "model/\($0.key)", value: $0.value) }
        store.write(snapshotID: 1, vertex: "learn", instance: 0, entries: entries)
        store.write(snapshotID: 1, vertex: "source", instance: 0, entries: [SnapshotEntry(key: "offsets", value: [1])])
        try await store.commit(snapshotID: 1)
        await store.close()
        return directory
    }

    /// A trained logistic model, its file bytes, and its score of a probe vector.
    private func trainedModel() throws -> (bytes: [UInt8], probe: FeatureVector, score: Double) {
        var learner = try LogisticRegression(configuration: LearnerConfiguration(model: .logistic, hashBits: 10))
        var probe = FeatureVector(hashBits: 10)
        probe.append(hash: 7, value: 1)
        var other = FeatureVector(hashBits: 10)
        other.append(hash: 99, value: 1)
        for _ in 0..<50 {
            learner.learn(probe, target: 1)
            learner.learn(other, target: 0)
        }
        let bytes = try ModelFile(learner: learner, metadata: ["version": "100", "examples": "100"]).serialized()
        return (bytes, probe, learner.score(probe))
    }

    @Test("export writes a learner's model file, which scores like the learner that was saved")
    func exportsTheModel() async throws {
        let model = try trainedModel()
        let directory = try await snapshotDirectory(models: ["fraud": model.bytes])
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("exported.model")
        let result = try KafkaCLI.run([
            "snapshots", "export", "latest", "--snapshot-dir", directory.path, "--output", output.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("learner 'fraud' of snapshot 1, model version 100, 100 examples learned"), "\(result.stdout)")
        let exported = try ModelFile.read(from: output).makeLearner()
        #expect(exported.score(model.probe) == model.score)
    }

    @Test("several learners need --learner; an unknown learner, a snapshot without a model and a damaged model are one-line errors")
    func refusals() async throws {
        let model = try trainedModel()
        var damaged = model.bytes
        damaged[damaged.count / 2] ^= 0xFF
        let directory = try await snapshotDirectory(models: [
            "champion": model.bytes, "challenger": model.bytes, "broken": damaged,
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.model")
        func export(_ extra: [String]) throws -> KafkaCLI.Result {
            try KafkaCLI.run(
                ["snapshots", "export", "1", "--snapshot-dir", directory.path, "--output", output.path] + extra)
        }
        let ambiguous = try export([])
        #expect(ambiguous.status != 0)
        #expect(ambiguous.stderr.contains("holds 3 learners (broken, challenger, champion); choose one with --learner"), "\(ambiguous.stderr)")
        let unknown = try export(["--learner", "nobody"])
        #expect(unknown.stderr.contains("has no learner 'nobody'"), "\(unknown.stderr)")
        let broken = try export(["--learner", "broken"])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("is damaged"), "\(broken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path), "nothing is written for a damaged model")
        #expect(try export(["--learner", "challenger"]).status == 0)

        let empty = try await snapshotDirectory(models: [:])
        defer { try? FileManager.default.removeItem(at: empty) }
        let none = try KafkaCLI.run([
            "snapshots", "export", "latest", "--snapshot-dir", empty.path, "--output", output.path + ".2",
        ])
        #expect(none.status != 0)
        #expect(none.stderr.contains("holds no model"), "\(none.stderr)")
    }
}
