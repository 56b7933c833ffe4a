import SlipstreamEngine

/// A segment decoder whatever its byte source (a file, Kafka chunks).
protocol SegmentBlockDecoding {
    /// Appends the entries of the next verified block to `output`; `false` once the segment is finished and
    /// verified.
    mutating func nextBlock(into output: inout [SnapshotEntry]) throws(SnapshotStoreError) -> Bool
}

extension SnapshotSegmentDecoder: SegmentBlockDecoding {}

/// What both stores provide below ``SnapshotStore/read(_:vertices:_:)``: a decoder per segment, so that a restore
/// can decode straight into the arrays it returns instead of copying block by block.
protocol SnapshotSegmentSource {
    /// Calls `body` with a decoder for each segment of `manifest` listed in `segments` (indices into
    /// `manifest.segments`), in that order.
    func forEachSegment(
        of manifest: SnapshotManifest, segments: [Int],
        _ body: (SnapshotSegment, inout any SegmentBlockDecoding) throws -> Void
    ) throws
}

extension SnapshotSegmentSource {
    /// The stores' ``SnapshotStore/read(_:vertices:_:)``: verified blocks, segment after segment.
    func readBlocks(
        _ manifest: SnapshotManifest, vertices: Set<String>?,
        _ body: (SnapshotSegment, [SnapshotEntry]) throws -> Void
    ) throws {
        let selected = manifest.segments.indices.filter { vertices?.contains(manifest.segments[$0].vertex) ?? true }
        try forEachSegment(of: manifest, segments: selected) { segment, decoder in
            var entries: [SnapshotEntry] = []
            while try decoder.nextBlock(into: &entries) {
                try body(segment, entries)
                entries = []
            }
        }
    }

    /// Decodes the selected vertices straight into one array per vertex, instance after instance.
    func loadContents(_ manifest: SnapshotManifest, vertices: Set<String>?) throws -> SnapshotContents {
        let selected = manifest.segments.indices
            .filter { vertices?.contains(manifest.segments[$0].vertex) ?? true }
            .sorted { (manifest.segments[$0].vertex, manifest.segments[$0].instance, $0)
                < (manifest.segments[$1].vertex, manifest.segments[$1].instance, $1) }
        var state: [String: [SnapshotEntry]] = [:]
        var ranges: [String: [Int: Range<Int>]] = [:]
        for index in selected {
            let segment = manifest.segments[index]
            state[segment.vertex, default: []].reserveCapacity(
                (state[segment.vertex]?.count ?? 0) + Int(clamping: segment.entryCount))
        }
        try forEachSegment(of: manifest, segments: selected) { segment, decoder in
            let start = state[segment.vertex]?.count ?? 0
            while try decoder.nextBlock(into: &state[segment.vertex, default: []]) {}
            let lower = ranges[segment.vertex]?[segment.instance]?.lowerBound ?? start
            ranges[segment.vertex, default: [:]][segment.instance] = lower..<(state[segment.vertex]?.count ?? 0)
        }
        return SnapshotContents(manifest: manifest, restoredState: state, instanceRanges: ranges)
    }
}
