import SlipstreamEngine

/// A snapshot read back into memory, ready to restore a job: the entries of every vertex, and which instance
/// saved which.
///
/// ``restoredState`` is what ``JobConfig/restoredState`` takes. An entry's ``SnapshotEntry/partition`` says which
/// instance must receive it when the vertex's parallelism changed; ``entries(vertex:instance:)`` gives back exactly
/// what one instance saved.
public struct SnapshotContents: Sendable {
    /// The snapshot's manifest.
    public let manifest: SnapshotManifest
    /// All entries, by vertex name, grouped by instance in ascending order, each in the order it was saved.
    public let restoredState: [String: [SnapshotEntry]]
    private let instanceRanges: [String: [Int: Range<Int>]]

    /// The vertices that have entries.
    public var vertexNames: [String] { restoredState.keys.sorted() }

    /// The entries of `vertex` (empty if it saved none).
    public func entries(vertex: String) -> [SnapshotEntry] { restoredState[vertex] ?? [] }

    /// The entries instance `instance` of `vertex` saved.
    public func entries(vertex: String, instance: Int) -> ArraySlice<SnapshotEntry> {
        guard let entries = restoredState[vertex], let range = instanceRanges[vertex]?[instance] else { return [] }
        return entries[range]
    }

    /// The entries of `vertex` that belong to key partition `partition`.
    public func entries(vertex: String, partition: Int) -> [SnapshotEntry] {
        entries(vertex: vertex).filter { $0.partition == partition }
    }

    /// The instances of `vertex` that saved entries, ascending.
    public func instances(of vertex: String) -> [Int] { (instanceRanges[vertex] ?? [:]).keys.sorted() }

    /// Collects blocks as ``SnapshotStore/read(_:vertices:_:)`` hands them out (segment by segment), then orders
    /// each vertex's segments by instance.
    struct Builder {
        let manifest: SnapshotManifest
        private var pieces: [String: [(instance: Int, entries: [SnapshotEntry])]] = [:]

        init(manifest: SnapshotManifest) {
            self.manifest = manifest
        }

        mutating func add(_ segment: SnapshotSegment, _ entries: [SnapshotEntry]) {
            pieces[segment.vertex, default: []].append((segment.instance, entries))
        }

        func build() -> SnapshotContents {
            var state: [String: [SnapshotEntry]] = [:]
            var ranges: [String: [Int: Range<Int>]] = [:]
            for (vertex, vertexPieces) in pieces {
                // A stable sort keeps each instance's blocks in the order they were read.
                let ordered = vertexPieces.enumerated().sorted {
                    ($0.element.instance, $0.offset) < ($1.element.instance, $1.offset)
                }
                var all: [SnapshotEntry] = []
                all.reserveCapacity(vertexPieces.reduce(0) { $0 + $1.entries.count })
                var vertexRanges: [Int: Range<Int>] = [:]
                for (_, piece) in ordered {
                    let start = all.count
                    all.append(contentsOf: piece.entries)
                    let lower = vertexRanges[piece.instance]?.lowerBound ?? start
                    vertexRanges[piece.instance] = lower..<all.count
                }
                state[vertex] = all
                ranges[vertex] = vertexRanges
            }
            return SnapshotContents(manifest: manifest, restoredState: state, instanceRanges: ranges)
        }
    }

    init(manifest: SnapshotManifest, restoredState: [String: [SnapshotEntry]], instanceRanges: [String: [Int: Range<Int>]]) {
        self.manifest = manifest
        self.restoredState = restoredState
        self.instanceRanges = instanceRanges
    }
}
