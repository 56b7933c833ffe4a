/// A queue of items in arrival order, stored in fixed-size chunks: appending never moves the items already
/// stored, and dropping items from the front frees whole chunks.
///
/// Why not one array: a label join holds every event of its label window, millions of items in production.
/// An array doubling under that many moves all of them at once (a stall in the scoring stage that grows with
/// the window, and twice the memory for that moment), and dropping the front of an array moves what stays.
/// Here an item costs one store and a chunk (of ``chunkSize`` items) one allocation, reused when the front one
/// empties.
/// The chunks are raw storage, so reaching an item costs one array read and no uniqueness check.
///
/// Noncopyable: it owns its chunks. Positions are relative to the front: after `removeFirst(n)`, position 0 is
/// the item that was at `n`.
@usableFromInline
struct ChunkedQueue<Element>: ~Copyable {
    /// Items per chunk: `1 << chunkShift`.
    @usableFromInline static var chunkShift: Int { 10 }
    @usableFromInline static var chunkSize: Int { 1 &<< chunkShift }

    /// The chunks: the items are at slots `offset ..< offset + count` counted through them.
    @usableFromInline var chunks: [UnsafeMutablePointer<Element>] = []
    /// The slot of the first item in the first chunk.
    @usableFromInline var offset = 0
    @usableFromInline var count = 0
    /// A chunk emptied at the front, kept for the next chunk to fill.
    @usableFromInline var spare: UnsafeMutablePointer<Element>?

    @inlinable init() {}

    @inlinable deinit {
        Self.deinitialize(chunks, from: offset, count: count)
        for chunk in chunks { chunk.deallocate() }
        spare?.deallocate()
    }

    @inlinable var isEmpty: Bool { count == 0 }

    @inlinable
    mutating func append(_ item: consuming Element) {
        let slot = offset &+ count
        let chunk = slot &>> Self.chunkShift
        if chunk == chunks.count {
            chunks.append(spare ?? .allocate(capacity: Self.chunkSize))
            spare = nil
        }
        (chunks[chunk] + (slot & (Self.chunkSize &- 1))).initialize(to: item)
        count &+= 1
    }

    @inlinable
    subscript(position: Int) -> Element {
        unsafeAddress { UnsafePointer(address(of: position)) }
        unsafeMutableAddress { address(of: position) }
    }

    @inlinable
    func address(of position: Int) -> UnsafeMutablePointer<Element> {
        precondition(position >= 0 && position < count, "position \(position) outside a queue of \(count)")
        let slot = position &+ offset
        return chunks[slot &>> Self.chunkShift] + (slot & (Self.chunkSize &- 1))
    }

    /// Drops the first `n` items; a chunk they empty is freed (one is kept as the spare).
    @inlinable
    mutating func removeFirst(_ n: Int) {
        precondition(n >= 0 && n <= count, "cannot drop \(n) of \(count) items")
        var remaining = n
        while remaining > 0 {
            let inChunk = min(remaining, Self.chunkSize &- offset)
            (chunks[0] + offset).deinitialize(count: inChunk)
            offset &+= inChunk
            count &-= inChunk
            remaining &-= inChunk
            if offset == Self.chunkSize {
                let emptied = chunks.removeFirst()
                if spare == nil { spare = emptied } else { emptied.deallocate() }
                offset = 0
            }
        }
        // Empty: the next item goes to the start of the chunk in hand.
        if count == 0 { offset = 0 }
    }

    /// Calls `body` with each item from `position` on, in order.
    @inlinable
    func forEach(from position: Int, _ body: (borrowing Element) throws -> Void) rethrows {
        var index = position
        while index < count {
            try body(self[index])
            index &+= 1
        }
    }

    @inlinable
    static func deinitialize(_ chunks: [UnsafeMutablePointer<Element>], from offset: Int, count: Int) {
        var slot = offset
        let end = offset &+ count
        while slot < end {
            let inChunk = min(end &- slot, chunkSize &- (slot & (chunkSize &- 1)))
            (chunks[slot &>> chunkShift] + (slot & (chunkSize &- 1))).deinitialize(count: inChunk)
            slot &+= inChunk
        }
    }
}
