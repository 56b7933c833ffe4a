import Foundation
import Testing

@Suite("run-pipeline snapshots")
struct SnapshotsCommandTests {
    private func snapshots(_ arguments: [String], _ fixture: RunFixture) throws -> KafkaCLI.Result {
        try KafkaCLI.run(["snapshots"] + arguments + ["--snapshot-dir", fixture.snapshotDirectory.path])
    }

    /// The ids in the first column of `snapshots list`, newest first.
    private func ids(_ list: KafkaCLI.Result) -> [Int64] {
        list.stdoutLines.dropFirst().compactMap { $0.split(separator: " ").first.flatMap { Int64($0) } }
    }

    @Test("list, show and delete the snapshots of a run; offsets add up to the views read")
    func listShowDelete() throws {
        let fixture = try RunFixture()
        try fixture.produceViews(120)
        let run = try fixture.runUntil(counts: 120)
        #expect(run.status == 0, "\(run.stderr)")

        let list = try snapshots(["list"], fixture)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdoutLines.first?.hasPrefix("ID") == true)
        let listed = ids(list)
        #expect(!listed.isEmpty && listed == listed.sorted(by: >), "\(list.stdout)")
        #expect(list.stdoutLines.dropFirst().allSatisfy { $0.hasSuffix(" ok") }, "\(list.stdout)")

        // The terminal snapshot was taken after every view was counted: its offsets cover all 120.
        let show = try snapshots(["show", "latest", "--verify"], fixture)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("snapshot     \(listed[0])"), "\(show.stdout)")
        #expect(show.stdout.contains("job          page-view-counts"), "\(show.stdout)")
        #expect(show.stdout.contains("verified"), "\(show.stdout)")
        #expect(show.stdoutLines.contains { $0.hasPrefix("  page-views ") }, "per-vertex sizes: \(show.stdout)")
        let nextOffsets = show.stdoutLines.filter { $0.hasPrefix("  page-views[") }
            .compactMap { $0.split(separator: " ").last.flatMap { Int64($0) } }
        #expect(nextOffsets.count == 2 && nextOffsets.reduce(0, +) == 120, "\(show.stdout)")

        let json = try snapshots(["show", "latest", "--json", "--verify"], fixture)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["id"] as? Int64 == listed[0])
        #expect(object?["complete"] as? Bool == true)
        let offsets = (object?["offsets"] as? [[String: Any]]) ?? []
        #expect(offsets.compactMap { $0["next"] as? Int64 }.reduce(0, +) == 120, "\(json.stdout)")
        let array = try snapshots(["list", "--json"], fixture)
        #expect((try JSONSerialization.jsonObject(with: Data(array.stdout.utf8)) as? [Any])?.count == listed.count)

        let deleted = try snapshots(["delete", String(listed[0])], fixture)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("deleted snapshot \(listed[0])"))
        #expect(ids(try snapshots(["list"], fixture)) == Array(listed.dropFirst()))

        let missing = try snapshots(["show", "999999"], fixture)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("there is no snapshot 999999"), "\(missing.stderr)")
    }

    @Test("a damaged latest snapshot is reported, fails --verify, and run resumes from the previous one")
    func damagedSnapshot() throws {
        let fixture = try RunFixture()
        try fixture.produceViews(80)
        let run = try fixture.runUntil(counts: 80, ["--snapshot-interval", "100ms"])
        #expect(run.status == 0, "\(run.stderr)")
        let listed = ids(try snapshots(["list"], fixture))
        try #require(listed.count >= 2, "a periodic and the terminal snapshot")

        let directory = fixture.snapshotDirectory.appendingPathComponent(
            String(format: "snapshot-%012lld", listed[0]))
        let segment = try #require(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasSuffix(".seg") })
        let handle = try FileHandle(forWritingTo: directory.appendingPathComponent(segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("garbage".utf8))
        try handle.close()

        let list = try snapshots(["list"], fixture)
        #expect(list.stdoutLines.contains { $0.hasPrefix("\(listed[0]) ") && $0.contains("damaged") }, "\(list.stdout)")
        let verify = try snapshots(["show", String(listed[0]), "--verify"], fixture)
        #expect(verify.status != 0)

        let resumed = try fixture.runUntil(counts: 80)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("skipping snapshot \(listed[0])"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resumed from snapshot \(listed[1])"), "\(resumed.stderr)")
    }

    @Test("a missing directory or no directory at all is a one-line error")
    func missingStore() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString)")
        let absent = try KafkaCLI.run(["snapshots", "list", "--snapshot-dir", missing.path])
        #expect(absent.status == 1)
        #expect(absent.stderr.contains("there is no snapshot directory"), "\(absent.stderr)")
        let unnamed = try RunFixture.run(["snapshots", "list"], environment: ["SLIPSTREAM_SNAPSHOT_DIR": ""])
        #expect(unnamed.status == 1)
        #expect(unnamed.stderr.contains("--snapshot-dir"), "\(unnamed.stderr)")
    }
}
