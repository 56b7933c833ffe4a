// The intrusive list that orders entries for capacity eviction; it exists only when a cap is set.
//
// LRU: entries in order of last use, victim at the head, a use moves an entry to the tail.
// LFU: entries sorted by use count (ascending), and within one count by last use; `frequencyTails` remembers
// where each count's run ends, so a use moves an entry to the end of the next count's run in O(1) (the
// "constant-time LFU" of Shah, Mitra and Matani, laid out as one list).

extension GridPartition {
    @inlinable @inline(__always)
    var isListed: Bool { previous != nil }

    /// Puts a new entry into the list (LRU: at the tail; LFU: at the end of the count-1 run).
    @inlinable
    func listInsertNew(_ index: Int) {
        guard isListed else { return }
        let i = UInt32(truncatingIfNeeded: index)
        if let frequency {
            frequency[index] = 1
            let anchor = frequencyTails[1] ?? Self.none
            insert(i, after: anchor)
            frequencyTails[1] = i
        } else {
            insert(i, after: listTail)
        }
    }

    /// Records a use of the entry at `index`.
    @inlinable
    func listTouch(_ index: Int) {
        guard isListed else { return }
        let i = UInt32(truncatingIfNeeded: index)
        if let frequency {
            let f = frequency[index]
            if f == UInt32.max - 1 {
                // Saturated: stays in the top run, moved to its end.
                let tail = frequencyTails[f]!
                if tail != i {
                    let before = previous![index]
                    unlinkRaw(i)
                    fixTailAfterUnlink(i, frequency: f, before: before)
                    insert(i, after: frequencyTails[f] ?? before)
                    frequencyTails[f] = i
                }
                return
            }
            let before = previous![index]
            unlinkRaw(i)
            fixTailAfterUnlink(i, frequency: f, before: before)
            let anchor = frequencyTails[f + 1] ?? frequencyTails[f] ?? before
            insert(i, after: anchor)
            frequencyTails[f + 1] = i
            frequency[index] = f + 1
        } else if listTail != i {
            unlinkRaw(i)
            insert(i, after: listTail)
        }
    }

    /// Takes the entry at `index` out of the list (before it is removed).
    @inlinable
    func unlinkIfListed(_ index: Int) {
        guard isListed else { return }
        let i = UInt32(truncatingIfNeeded: index)
        let before = previous![index]
        unlinkRaw(i)
        if let frequency { fixTailAfterUnlink(i, frequency: frequency[index], before: before) }
    }

    /// After the entry at `from` moved to dense index `to`, points its neighbours (and the list ends and run
    /// tails) at the new index.
    @inlinable
    func relocateLinks(from: Int, to: Int) {
        guard let previous, let next else { return }
        let old = UInt32(truncatingIfNeeded: from)
        let new = UInt32(truncatingIfNeeded: to)
        let p = previous[from]
        let n = next[from]
        previous[to] = p
        next[to] = n
        if p == Self.none { listHead = new } else { next[Int(p)] = new }
        if n == Self.none { listTail = new } else { previous[Int(n)] = new }
        if let frequency {
            let f = frequency[from]
            frequency[to] = f
            if frequencyTails[f] == old { frequencyTails[f] = new }
        }
    }

    /// The eviction victim: the head of the list.
    @inlinable
    var evictionCandidate: Int? {
        listHead == Self.none ? nil : Int(listHead)
    }

    @inlinable
    func insert(_ i: UInt32, after anchor: UInt32) {
        let previous = previous!, next = next!
        if anchor == Self.none {
            previous[Int(i)] = Self.none
            next[Int(i)] = listHead
            if listHead != Self.none { previous[Int(listHead)] = i } else { listTail = i }
            listHead = i
        } else {
            let after = next[Int(anchor)]
            previous[Int(i)] = anchor
            next[Int(i)] = after
            next[Int(anchor)] = i
            if after != Self.none { previous[Int(after)] = i } else { listTail = i }
        }
    }

    @inlinable
    func unlinkRaw(_ i: UInt32) {
        let previous = previous!, next = next!
        let p = previous[Int(i)], n = next[Int(i)]
        if p == Self.none { listHead = n } else { next[Int(p)] = n }
        if n == Self.none { listTail = p } else { previous[Int(n)] = p }
    }

    /// Keeps `frequencyTails[f]` right after entry `i` (of count `f`, formerly after `before`) left the list.
    @inlinable
    func fixTailAfterUnlink(_ i: UInt32, frequency f: UInt32, before: UInt32) {
        guard frequencyTails[f] == i else { return }
        if before != Self.none, frequency![Int(before)] == f {
            frequencyTails[f] = before
        } else {
            frequencyTails[f] = nil
        }
    }
}
