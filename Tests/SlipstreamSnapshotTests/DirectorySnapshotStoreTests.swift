import Foundation
import SlipstreamEngine
import Testing
@testable import SlipstreamSnapshot

@Suite struct DirectorySnapshotStoreTests {
    @Test func multiVertexRoundTrip() async throws {
        let scratch = try ScratchDirectory()
        let store = try DirectorySnapshotStore(directory: scratch.file("snapshots"), blockSize: 4096)
        let state = SampleJobState(seed: 1)
        state.write(to: store, jobSnapshotID: 1)
        store.annotate(snapshotID: 1, metadata: ["model.version": "41"])
        let manifest = try await store.commit(snapshotID: 1, metadata: ["source.offsets": "events[0]=1001"])
        await store.close()

        #expect(manifest.id == 1)
        #expect(manifest.jobSnapshotID == 1)
        #expect(manifest.metadata == ["model.version": "41", "source.offsets": "events[0]=1001"])
        #expect(manifest.vertexNames == ["learn", "per-card state", "source"])
        #expect(manifest.segments.count == 6)
        #expect(manifest.entryCount == 2 + 3 * 700 + 2)

        let reader = try DirectorySnapshotStore(directory: scratch.file("snapshots"), access: .reader)
        let listing = try reader.list()
        #expect(listing.map(\.id) == [1])
        #expect(listing[0].manifest == manifest)
        let contents = try #require(try reader.loadLatest())
        #expect(contents.manifest == manifest)
        #expect(state.matches(contents))
        let partitioned = contents.entries(vertex: "per-card state", partition: 5)
        #expect(!partitioned.isEmpty && partitioned.allSatisfy { $0.partition == 5 })
        let onlyLearner = try reader.load(id: 1, vertices: ["learn"])
        #expect(onlyLearner.vertexNames == ["learn"])
        try reader.verify(1)
    }

    @Test func idsContinueAcrossRunsAndRetentionKeepsTheNewest() async throws {
        let scratch = try ScratchDirectory()
        let root = scratch.file("snapshots")
        for run in 0..<2 {
            // Every run of a job numbers its snapshots from 1 again; the store's ids keep increasing.
            let store = try DirectorySnapshotStore(directory: root, retain: 3)
            for jobSnapshotID in Int64(1)...3 {
                store.write(
                    snapshotID: jobSnapshotID, vertex: "v", instance: 0,
                    entries: [SnapshotEntry(key: "run", value: [UInt8(run), UInt8(jobSnapshotID)])])
                let manifest = try await store.commit(snapshotID: jobSnapshotID, metadata: [:])
                #expect(manifest.id == Int64(run * 3) + jobSnapshotID)
                #expect(manifest.jobSnapshotID == jobSnapshotID)
            }
            await store.close()
        }
        let store = try DirectorySnapshotStore(directory: root, access: .reader)
        #expect(try store.list().map(\.id) == [6, 5, 4])
        #expect(try store.latestComplete()?.id == 6)
        let latest = try #require(try store.loadLatest())
        #expect(latest.entries(vertex: "v") == [SnapshotEntry(key: "run", value: [1, 3])])
    }

    @Test func corruptedLatestSegmentFallsBackToThePreviousSnapshot() async throws {
        let scratch = try ScratchDirectory()
        let log = CapturedLog()
        let root = scratch.file("snapshots")
        let manifests = try await writeSnapshots(root: root, count: 2)
        try flipByte(in: segmentPath(root: root, manifest: manifests[1], vertex: "learn"), at: 5000)

        let store = try DirectorySnapshotStore(directory: root, access: .reader, logger: log.logger)
        // The flipped byte leaves every size intact: only the checksums find it.
        #expect(try store.latestComplete()?.id == 2)
        #expect(throws: SnapshotStoreError.self) { try store.verify(2) }
        let restored = try #require(try store.loadLatest())
        #expect(restored.manifest.id == 1)
        #expect(SampleJobState(seed: 1).matches(restored))
        #expect(log.contains("skipping snapshot 2", "checksum"))
    }

    @Test func truncatedLatestSegmentFallsBackToThePreviousSnapshot() async throws {
        let scratch = try ScratchDirectory()
        let log = CapturedLog()
        let root = scratch.file("snapshots")
        let manifests = try await writeSnapshots(root: root, count: 2)
        let path = segmentPath(root: root, manifest: manifests[1], vertex: "per-card state")
        try truncateFile(path, to: 3000)

        let store = try DirectorySnapshotStore(directory: root, access: .reader, logger: log.logger)
        let listing = try store.list()
        #expect(listing.map(\.id) == [2, 1])
        #expect(listing[0].problem?.code == .damaged)
        #expect(try store.loadLatest()?.manifest.id == 1)
        #expect(log.contains("skipping snapshot 2", "truncated"))
    }

    @Test func missingManifestOrSegmentMeansIncomplete() async throws {
        let scratch = try ScratchDirectory()
        let log = CapturedLog()
        let root = scratch.file("snapshots")
        let manifests = try await writeSnapshots(root: root, count: 3)
        try FileManager.default.removeItem(atPath: root + "/" + DirectoryLayout.name(of: 3) + "/manifest")
        try FileManager.default.removeItem(atPath: segmentPath(root: root, manifest: manifests[1], vertex: "source"))

        let store = try DirectorySnapshotStore(directory: root, access: .reader, logger: log.logger)
        let listing = try store.list()
        #expect(listing.map(\.problem?.code) == [.incomplete, .damaged, nil])
        #expect(try store.loadLatest()?.manifest.id == 1)
        #expect(log.contains("skipping snapshot 3", "never completed"))
        #expect(log.contains("skipping snapshot 2", "missing"))
        #expect(throws: SnapshotStoreError.self) { try store.load(id: 3) }
    }

    @Test func unknownFormatVersionIsSkipped() async throws {
        let scratch = try ScratchDirectory()
        let log = CapturedLog()
        let root = scratch.file("snapshots")
        var manifests = try await writeSnapshots(root: root, count: 2)
        manifests[1].formatVersion = 9
        try Data(manifests[1].encoded()).write(
            to: URL(fileURLWithPath: root + "/" + DirectoryLayout.name(of: 2) + "/manifest"))

        let store = try DirectorySnapshotStore(directory: root, access: .reader, logger: log.logger)
        #expect(try store.list().first?.problem?.code == .unsupportedFormat)
        #expect(try store.loadLatest()?.manifest.id == 1)
        #expect(log.contains("skipping snapshot 2", "version 9"))
    }

    /// Tests run as root, for whom permissions stop nothing: the staging directory is replaced by a regular
    /// file, so creating the snapshot's directory fails in the kernel with ENOTDIR.
    @Test func failingWriteLeavesThePreviousSnapshotAsRestorePoint() async throws {
        let scratch = try ScratchDirectory()
        let root = scratch.file("snapshots")
        let store = try DirectorySnapshotStore(directory: root)
        SampleJobState(seed: 1).write(to: store, jobSnapshotID: 1)
        _ = try await store.commit(snapshotID: 1, metadata: [:])

        try FileManager.default.removeItem(atPath: root + "/.staging")
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: root + "/.staging"))
        SampleJobState(seed: 2).write(to: store, jobSnapshotID: 2)
        do {
            _ = try await store.commit(snapshotID: 2, metadata: [:])
            Issue.record("the commit should have failed")
        } catch let error as SnapshotStoreError {
            #expect(error.code == .writeFailed)
            #expect(error.snapshotID == 2)
            #expect(error.message.contains(".staging/snapshot-000000000002"))
            #expect(error.message.contains("Not a directory"))
        }
        #expect(try store.list().map(\.id) == [1])
        let restored = try #require(try store.loadLatest())
        #expect(SampleJobState(seed: 1).matches(restored))

        // Once the disk is usable again, the next snapshot succeeds.
        try FileManager.default.removeItem(atPath: root + "/.staging")
        try FileManager.default.createDirectory(atPath: root + "/.staging", withIntermediateDirectories: false)
        SampleJobState(seed: 3).write(to: store, jobSnapshotID: 3)
        let third = try await store.commit(snapshotID: 3, metadata: [:])
        #expect(try store.loadLatest()?.manifest == third)
        await store.close()
    }

    /// A full disk: the kernel's /dev/full fails every write with ENOSPC, for root too.
    @Test func noSpaceIsAClearError() throws {
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let error = #expect(throws: SnapshotStoreError.self) {
            try POSIXFile.writeAll(fd, [UInt8](repeating: 1, count: 4096), path: "/dev/full", snapshotID: 4)
        }
        #expect(error?.code == .writeFailed)
        #expect(error?.description.contains("No space left on device") == true)
    }

    @Test func concurrentWritesFromManyInstances() async throws {
        let scratch = try ScratchDirectory()
        let store = try DirectorySnapshotStore(directory: scratch.file("snapshots"), blockSize: 2048)
        let instances = 8
        let expected = (0..<instances).map { sampleEntries(vertex: "keyed", instance: $0, count: 1500, seed: 9) }
        await withTaskGroup(of: Void.self) { group in
            for instance in 0..<instances {
                group.addTask {
                    var start = 0
                    while start < expected[instance].count {
                        let end = min(start + 13, expected[instance].count)
                        store.write(
                            snapshotID: 1, vertex: "keyed", instance: instance,
                            entries: Array(expected[instance][start..<end]))
                        start = end
                    }
                }
            }
        }
        let manifest = try await store.commit(snapshotID: 1, metadata: [:])
        #expect(manifest.segments.count == instances)
        let contents = try store.load(manifest)
        for instance in 0..<instances {
            #expect(Array(contents.entries(vertex: "keyed", instance: instance)) == expected[instance])
        }
        await store.close()
    }

    @Test func abandonedAndAbortedSnapshotsLeaveNothingBehind() async throws {
        let scratch = try ScratchDirectory()
        let root = scratch.file("snapshots")
        let store = try DirectorySnapshotStore(directory: root)
        store.write(snapshotID: 1, vertex: "v", instance: 0, entries: [SnapshotEntry(key: "a", value: [1])])
        // The engine never committed snapshot 1 (the job was cancelled meanwhile) and started snapshot 2.
        store.write(snapshotID: 2, vertex: "v", instance: 0, entries: [SnapshotEntry(key: "b", value: [2])])
        let second = try await store.commit(snapshotID: 2, metadata: [:])
        store.write(snapshotID: 3, vertex: "v", instance: 0, entries: [SnapshotEntry(key: "c", value: [3])])
        store.abort(snapshotID: 3)
        // An empty snapshot (no processor saved anything) still commits, with its metadata.
        let empty = try await store.commit(snapshotID: 4, metadata: ["note": "empty"])
        await store.close()

        #expect(empty.segments.isEmpty)
        #expect(try store.list().map(\.id) == [empty.id, second.id])
        #expect(try store.load(second).entries(vertex: "v") == [SnapshotEntry(key: "b", value: [2])])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.staging").isEmpty)
    }

    @Test func oneWriterPerDirectoryAndLeftoversAreCleanedUp() async throws {
        let scratch = try ScratchDirectory()
        let root = scratch.file("snapshots")
        let store = try DirectorySnapshotStore(directory: root)
        #expect(throws: SnapshotStoreError.self) { try DirectorySnapshotStore(directory: root) }
        // A reader may look while the writer works.
        #expect(try DirectorySnapshotStore(directory: root, access: .reader).list().isEmpty)
        await store.close()

        // A crash mid-snapshot leaves a staged directory: the next writer removes it and does not reuse its id.
        try FileManager.default.createDirectory(
            atPath: root + "/.staging/" + DirectoryLayout.name(of: 5), withIntermediateDirectories: true)
        // So does a deletion interrupted after its rename.
        try FileManager.default.createDirectory(
            atPath: root + "/.deleting-" + DirectoryLayout.name(of: 2) + "-1", withIntermediateDirectories: true)
        let log = CapturedLog()
        let next = try DirectorySnapshotStore(directory: root, logger: log.logger)
        #expect(log.contains("removing snapshot 5"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == [".lock", ".staging"])
        #expect(try await next.commit(snapshotID: 1, metadata: [:]).id == 6)
        try next.delete(id: 6)
        #expect(try next.list().isEmpty)
        #expect(throws: SnapshotStoreError.self) { try next.delete(id: 6) }
        await next.close()
    }

    // MARK: - Helpers

    private func writeSnapshots(root: String, count: Int) async throws -> [SnapshotManifest] {
        let store = try DirectorySnapshotStore(directory: root, retain: 10, blockSize: 4096)
        var manifests: [SnapshotManifest] = []
        for index in 1...count {
            SampleJobState(seed: UInt64(index)).write(to: store, jobSnapshotID: Int64(index))
            manifests.append(try await store.commit(snapshotID: Int64(index), metadata: [:]))
        }
        await store.close()
        return manifests
    }
}
