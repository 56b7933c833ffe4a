import Foundation
import SlipstreamSnapshot

/// The `--json` form of `snapshots list` and `show`: one JSON object per snapshot, for scripts.
struct SnapshotJSON: Encodable {
    struct Offset: Encodable {
        var topic: String
        var partition: Int32
        var next: Int64
    }

    struct Vertex: Encodable {
        var name: String
        var instances: [Int]
        var entries: Int64
        var bytes: Int64
    }

    var id: Int64
    var complete: Bool
    var problem: String?
    var takenAt: String?
    var bytes: Int64?
    var entries: Int64?
    var job: String?
    var guarantee: String?
    var modelVersion: String?
    var offsets: [Offset]?
    var vertices: [Vertex]?
    var metadata: [String: String]?

    init(_ listing: SnapshotListing) {
        id = listing.id
        complete = listing.isComplete
        problem = listing.problem.map { "\($0.code): \($0.message)" }
        guard let manifest = listing.manifest else { return }
        let key = SnapshotManifest.MetadataKey.self
        takenAt = SnapshotText.time(manifest.createdAt)
        bytes = manifest.byteCount
        entries = manifest.entryCount
        job = manifest.metadata[key.job]
        guarantee = manifest.metadata[key.processingGuarantee]
        modelVersion = manifest.metadata[key.modelVersion]
        offsets = manifest.allSourceOffsets.map { Offset(topic: $0.topic, partition: $0.partition, next: $0.offset) }
        vertices = manifest.vertices.map {
            Vertex(name: $0.name, instances: $0.instances, entries: $0.entryCount, bytes: $0.byteCount)
        }
        metadata = manifest.metadata
    }

    /// `value` as one line of JSON.
    static func line(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Plain structs of strings and numbers always encode.
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
