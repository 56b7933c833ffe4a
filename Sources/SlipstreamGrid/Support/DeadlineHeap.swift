/// A binary min-heap of (deadline, key): which keys have something due when time reaches a deadline.
///
/// Entries are not removed when the state they point at changes; the consumer re-checks the key's state when
/// an entry is popped and ignores stale ones. One push per scheduled item, amortised into the heap's array.
public struct DeadlineHeap<Key> {
    @usableFromInline var deadlines: [Int64] = []
    @usableFromInline var keys: [Key] = []

    @inlinable public init() {}

    @inlinable public var count: Int { deadlines.count }
    @inlinable public var minimum: Int64? { deadlines.first }

    @inlinable
    public mutating func push(_ deadline: Int64, _ key: Key) {
        deadlines.append(deadline)
        keys.append(key)
        var i = deadlines.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if deadlines[parent] <= deadlines[i] { break }
            deadlines.swapAt(parent, i)
            keys.swapAt(parent, i)
            i = parent
        }
    }

    /// Removes and returns the entry with the earliest deadline.
    @inlinable
    public mutating func pop() -> (deadline: Int64, key: Key)? {
        guard !deadlines.isEmpty else { return nil }
        let top = (deadlines[0], keys[0])
        let last = deadlines.count - 1
        deadlines.swapAt(0, last)
        keys.swapAt(0, last)
        deadlines.removeLast()
        keys.removeLast()
        var i = 0
        let n = deadlines.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < n && deadlines[l] < deadlines[smallest] { smallest = l }
            if r < n && deadlines[r] < deadlines[smallest] { smallest = r }
            if smallest == i { break }
            deadlines.swapAt(i, smallest)
            keys.swapAt(i, smallest)
            i = smallest
        }
        return top
    }

    @inlinable
    public mutating func removeAll() {
        deadlines.removeAll()
        keys.removeAll()
    }
}
