import Foundation

/// The description of one complete snapshot: its id, when it was taken, what it holds and where, with sizes and
/// checksums. A store writes it last, once everything it lists is durable, so a snapshot without a valid manifest
/// is incomplete by definition.
///
/// It is small (one ``SnapshotSegment`` per processor instance that saved state) and is what
/// `run-pipeline snapshots list|show` prints: ``id``, ``createdAt``, ``byteCount``, ``vertices`` (per-vertex sizes)
/// and ``metadata`` (source offsets, model version and the like, as the job's snapshot coordinator recorded them).
public struct SnapshotManifest: Codable, Sendable, Hashable {
    /// The manifest and segment format this build writes and reads.
    public static let currentFormatVersion = 1

    /// The format version the snapshot was written in.
    public var formatVersion: Int
    /// The store's id of the snapshot: increases with every snapshot the store keeps, across job restarts.
    public var id: Int64
    /// The id the engine gave the snapshot within its run of the job (engine ids restart with every run).
    public var jobSnapshotID: Int64
    /// When the snapshot was committed, in milliseconds since 1970.
    public var createdAtMilliseconds: Int64
    /// Free-form facts recorded with the snapshot, such as source offsets and the model version (see
    /// ``SnapshotStore/annotate(snapshotID:metadata:)``).
    public var metadata: [String: String]
    /// The saved state: one segment per processor instance that saved entries.
    public var segments: [SnapshotSegment]

    /// Creates a manifest.
    public init(
        formatVersion: Int = SnapshotManifest.currentFormatVersion, id: Int64, jobSnapshotID: Int64,
        createdAtMilliseconds: Int64, metadata: [String: String] = [:], segments: [SnapshotSegment] = []
    ) {
        self.formatVersion = formatVersion
        self.id = id
        self.jobSnapshotID = jobSnapshotID
        self.createdAtMilliseconds = createdAtMilliseconds
        self.metadata = metadata
        self.segments = segments
    }

    /// When the snapshot was committed.
    public var createdAt: Date { Date(timeIntervalSince1970: Double(createdAtMilliseconds) / 1000) }

    /// The size of the saved state in bytes, framing included.
    public var byteCount: Int64 { segments.reduce(0) { $0 + $1.byteCount } }

    /// The number of saved entries.
    public var entryCount: Int64 { segments.reduce(0) { $0 + $1.entryCount } }

    /// The vertices that saved state, by name.
    public var vertexNames: [String] { vertices.map(\.name) }

    /// Per-vertex sizes, sorted by vertex name.
    public var vertices: [SnapshotVertexSummary] {
        var byName: [String: SnapshotVertexSummary] = [:]
        for segment in segments {
            var summary = byName[segment.vertex] ?? SnapshotVertexSummary(name: segment.vertex)
            summary.instances.append(segment.instance)
            summary.entryCount += segment.entryCount
            summary.byteCount += segment.byteCount
            byName[segment.vertex] = summary
        }
        return byName.values.map { summary in
            var sorted = summary
            sorted.instances.sort()
            return sorted
        }.sorted { $0.name < $1.name }
    }
}

/// The state one processor instance saved in a snapshot: a stream of entry blocks (see ``SnapshotSegmentFormat``),
/// stored as one file in a directory store or as chunk records in a Kafka store.
public struct SnapshotSegment: Codable, Sendable, Hashable {
    /// The vertex the instance belongs to.
    public var vertex: String
    /// The processor instance, `0..<parallelism`.
    public var instance: Int
    /// The number of entries saved.
    public var entryCount: Int64
    /// The size of the segment in bytes.
    public var byteCount: Int64
    /// The CRC-32C of the segment's framing, which covers every byte through the block checksums (see
    /// ``SnapshotSegmentFormat``).
    public var checksum: UInt32
    /// The file name within the snapshot's directory (directory stores).
    public var file: String?
    /// Where the segment's chunk records are, in order (Kafka stores).
    public var chunks: [SnapshotChunkLocation]?

    /// Creates a segment description.
    public init(
        vertex: String, instance: Int, entryCount: Int64, byteCount: Int64, checksum: UInt32, file: String? = nil,
        chunks: [SnapshotChunkLocation]? = nil
    ) {
        self.vertex = vertex
        self.instance = instance
        self.entryCount = entryCount
        self.byteCount = byteCount
        self.checksum = checksum
        self.file = file
        self.chunks = chunks
    }
}

/// Where one chunk record of a segment is in a Kafka snapshot topic.
public struct SnapshotChunkLocation: Codable, Sendable, Hashable {
    /// The topic partition holding the record.
    public var partition: Int32
    /// The record's offset.
    public var offset: Int64
    /// The size of the chunk's share of the segment, in bytes.
    public var byteCount: Int

    /// Creates a chunk location.
    public init(partition: Int32, offset: Int64, byteCount: Int) {
        self.partition = partition
        self.offset = offset
        self.byteCount = byteCount
    }
}

/// The share of one vertex in a snapshot.
public struct SnapshotVertexSummary: Sendable, Hashable {
    /// The vertex name.
    public var name: String
    /// The instances that saved state, ascending.
    public var instances: [Int] = []
    /// The entries the vertex saved.
    public var entryCount: Int64 = 0
    /// The bytes the vertex saved, framing included.
    public var byteCount: Int64 = 0

    /// Creates an empty summary for vertex `name`.
    public init(name: String) {
        self.name = name
    }
}
