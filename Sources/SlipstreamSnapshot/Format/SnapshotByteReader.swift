/// A sequential source of a segment's bytes: a file, or the chunk records of a Kafka snapshot.
protocol SnapshotByteReader {
    /// Returns the next `count` bytes, or fewer only at the end of the data.
    ///
    /// - Throws: ``SnapshotStoreError`` when the underlying read fails.
    mutating func read(_ count: Int) throws(SnapshotStoreError) -> [UInt8]
}

/// Reads a segment held in memory as a list of pieces (the payloads of Kafka chunk records, in order).
struct ChunkedByteReader: SnapshotByteReader {
    private var pieces: [[UInt8]]
    private var piece = 0
    private var offset = 0

    init(pieces: [[UInt8]]) {
        self.pieces = pieces
    }

    mutating func read(_ count: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count, piece < pieces.count {
            let available = pieces[piece].count - offset
            let take = min(available, count - result.count)
            result.append(contentsOf: pieces[piece][offset..<offset + take])
            offset += take
            if offset == pieces[piece].count {
                // Release each piece once consumed, so a restore holds the raw bytes and the decoded state at
                // once only for one chunk.
                pieces[piece] = []
                piece += 1
                offset = 0
            }
        }
        return result
    }
}
