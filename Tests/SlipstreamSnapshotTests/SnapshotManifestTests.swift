import Testing
@testable import SlipstreamSnapshot

@Suite struct SnapshotManifestTests {
    private let manifest = SnapshotManifest(
        id: 12, jobSnapshotID: 3, createdAtMilliseconds: 1_700_000_000_123,
        metadata: ["model.version": "7", "source.offsets": "events[0]=10,events[1]=12"],
        segments: [
            SnapshotSegment(vertex: "learn", instance: 0, entryCount: 2, byteCount: 400, checksum: 0xDEAD_BEEF, file: "0000-learn-0.seg"),
            SnapshotSegment(vertex: "state", instance: 1, entryCount: 5, byteCount: 100, checksum: 1, file: "0001-state-1.seg"),
            SnapshotSegment(vertex: "state", instance: 0, entryCount: 4, byteCount: 90, checksum: 2, file: "0002-state-0.seg"),
        ])

    @Test func roundTripAndSummaries() throws {
        let decoded = try SnapshotManifest.decode(manifest.encoded(), snapshotID: 12)
        #expect(decoded == manifest)
        #expect(decoded.byteCount == 590)
        #expect(decoded.entryCount == 11)
        let vertices = decoded.vertices
        #expect(vertices.map(\.name) == ["learn", "state"])
        #expect(vertices[1].instances == [0, 1])
        #expect(vertices[1].byteCount == 190)
    }

    @Test func everyFlippedByteIsDetected() {
        let bytes = manifest.encoded()
        for offset in stride(from: 0, to: bytes.count, by: 7) {
            var damaged = bytes
            damaged[offset] ^= 0x20
            #expect(throws: SnapshotStoreError.self, "byte \(offset)") {
                try SnapshotManifest.decode(damaged, snapshotID: 12)
            }
        }
    }

    @Test func truncatedOrForeignManifestIsDamaged() {
        let bytes = manifest.encoded()
        #expect(code(of: Array(bytes.dropLast(5))) == .damaged)
        #expect(code(of: Array("{}".utf8)) == .damaged)
        #expect(code(of: bytes, id: 13) == .damaged)
    }

    @Test func unknownFormatVersionIsReportedAsSuch() {
        var future = manifest
        future.formatVersion = 2
        #expect(code(of: future.encoded()) == .unsupportedFormat)
    }

    private func code(of bytes: [UInt8], id: Int64 = 12) -> SnapshotStoreError.Code? {
        do {
            _ = try SnapshotManifest.decode(bytes, snapshotID: id)
            return nil
        } catch {
            return error.code
        }
    }
}

@Suite struct SnapshotMetadataTests {
    @Test func sourceOffsetsRoundTrip() {
        let text = SnapshotManifest.formatSourceOffsets([("events", 1, 42), ("events", 0, 7), ("labels", 3, 0)])
        #expect(text == "events[0]=7,events[1]=42,labels[3]=0")
        let manifest = SnapshotManifest(
            id: 1, jobSnapshotID: 1, createdAtMilliseconds: 0, metadata: [SnapshotManifest.MetadataKey.sourceOffsets: text])
        let parsed = manifest.sourceOffsets
        #expect(parsed?.map(\.topic) == ["events", "events", "labels"])
        #expect(parsed?.map(\.partition) == [0, 1, 3])
        #expect(parsed?.map(\.offset) == [7, 42, 0])
    }

    @Test func malformedOffsetsAreNil() {
        for text in ["events[0]", "events0]=1", "events[x]=1", "events[0]=", "events[0]:5"] {
            let manifest = SnapshotManifest(
                id: 1, jobSnapshotID: 1, createdAtMilliseconds: 0, metadata: [SnapshotManifest.MetadataKey.sourceOffsets: text])
            #expect(manifest.sourceOffsets == nil, "\(text)")
        }
    }
}
