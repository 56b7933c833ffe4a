import SlipstreamGrid

/// The items of a ``WaitingItems`` that arrived far out of order, filed by deadline in buckets `width`
/// milliseconds wide. A bucket is handed out whole once the watermark passes its end, so its items leave at most
/// `width` after their bound: the slack every waiting item has anyway.
///
/// Why buckets and not a heap ordered by deadline: a stream drained from many partitions puts a large share of
/// its items here (a fetch is seconds of one partition's event time), and a heap of hundreds of thousands of
/// entries costs a cache miss per level on every pop. Filing an item is one append to its bucket; the heap
/// orders the few buckets alone.
@usableFromInline
struct DeadlineBuckets {
    /// Milliseconds of deadline per bucket, at least 1 (a width of 1 hands each item out exactly when the
    /// watermark passes its deadline).
    @usableFromInline let width: Int64
    /// Sequence numbers by bucket number (`deadline / width`, rounded down), in arrival order.
    @usableFromInline var buckets: [Int64: [Int]] = [:]
    /// The bucket numbers in use, smallest first.
    @usableFromInline var numbers = DeadlineHeap<Void>()
    /// Emptied buckets whose storage the next new bucket reuses.
    @usableFromInline var spare: [[Int]] = []
    /// The bucket filed into last, kept out of `buckets` until an item of another bucket comes or it may be due:
    /// items far out of order come in runs (a fetch of one partition), nearly all of one bucket, and then cost
    /// no dictionary access.
    @usableFromInline var open: [Int] = []
    @usableFromInline var openNumber: Int64 = .min

    @inlinable
    init(width: Int64) {
        precondition(width >= 1, "a deadline bucket is at least 1 ms wide")
        self.width = width
    }

    /// Whether no item is filed.
    @inlinable
    var isEmpty: Bool { open.isEmpty && buckets.isEmpty }

    @inlinable
    func number(of deadline: Int64) -> Int64 {
        let (quotient, remainder) = deadline.quotientAndRemainder(dividingBy: width)
        return remainder < 0 ? quotient &- 1 : quotient
    }

    @inlinable
    mutating func insert(deadline: Int64, sequence: Int) {
        let number = number(of: deadline)
        if number != openNumber {
            closeOpenBucket()
            openNumber = number
        }
        open.append(sequence)
    }

    /// Files the open bucket's items in `buckets`.
    @inlinable
    mutating func closeOpenBucket() {
        guard !open.isEmpty else { return }
        if buckets[openNumber]?.append(contentsOf: open) != nil {
            open.removeAll(keepingCapacity: true)
        } else {
            buckets[openNumber] = open
            numbers.push(openNumber, ())
            open = spare.popLast() ?? []
        }
    }

    /// Removes and returns the sequence numbers of the earliest bucket if all of it is before `watermark`; give
    /// the array back to ``recycle(_:)`` once read.
    @inlinable
    mutating func takeDue(before watermark: Int64) -> [Int]? {
        // Bucket n holds deadlines up to (n + 1) * width - 1, all before the watermark when n + 1 <= its number.
        // The final watermark hands out every bucket (the caller still checks each deadline: one of Int64.max,
        // a bound that never passes, stays).
        let limit = watermark == .max ? .max : number(of: watermark)
        if openNumber < limit { closeOpenBucket() }
        while let first = numbers.minimum, first < limit {
            _ = numbers.pop()
            if let bucket = buckets.removeValue(forKey: first) { return bucket }
        }
        return nil
    }

    @inlinable
    mutating func recycle(_ bucket: [Int]) {
        guard spare.count < 16 else { return }
        var bucket = bucket
        bucket.removeAll(keepingCapacity: true)
        spare.append(bucket)
    }
}
