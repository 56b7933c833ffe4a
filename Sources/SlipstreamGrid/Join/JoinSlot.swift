/// An item waiting in a join buffer for a partner.
struct PendingJoinItem<Value> {
    var time: Int64
    var value: Value
    var matched: Bool
}

/// The items of one side waiting under one key; the first is stored inline, so the common case (one pending
/// item per key, as with a prediction waiting for its label) allocates nothing.
struct PendingJoinList<Value> {
    var first: PendingJoinItem<Value>?
    var more: [PendingJoinItem<Value>] = []

    var isEmpty: Bool { first == nil }
    var count: Int { first == nil ? 0 : 1 + more.count }

    mutating func append(_ item: PendingJoinItem<Value>) {
        if first == nil { first = item } else { more.append(item) }
    }

    /// The index (0 = `first`) of the earliest-arrived item satisfying `fits`.
    func firstIndex(where fits: (PendingJoinItem<Value>) -> Bool) -> Int? {
        guard let first else { return nil }
        if fits(first) { return 0 }
        return more.firstIndex(where: fits).map { $0 + 1 }
    }

    mutating func remove(at index: Int) -> PendingJoinItem<Value> {
        if index == 0 {
            let item = first.take()!
            if !more.isEmpty { first = more.removeFirst() }
            return item
        }
        return more.remove(at: index - 1)
    }

    /// Calls `body` on every item in arrival order, letting it mark items matched.
    mutating func forEach(_ body: (inout PendingJoinItem<Value>) -> Void) {
        if first != nil { body(&first!) }
        for i in more.indices { body(&more[i]) }
    }

    /// Removes the items `shouldRemove` selects, handing each to `removed`.
    mutating func removeAll(where shouldRemove: (PendingJoinItem<Value>) -> Bool,
                            removed: (PendingJoinItem<Value>) -> Void) {
        guard let head = first else { return }
        if more.isEmpty {
            // The common case, one waiting item: no temporary arrays.
            if shouldRemove(head) {
                removed(head)
                first = nil
            }
            return
        }
        var kept: [PendingJoinItem<Value>] = []
        var changed = false
        for item in [first!] + more {
            if shouldRemove(item) { removed(item); changed = true } else { kept.append(item) }
        }
        guard changed else { return }
        first = kept.first
        more = Array(kept.dropFirst())
    }

    var all: [PendingJoinItem<Value>] { first.map { [$0] + more } ?? [] }
}

/// Both sides' pending items under one key.
struct JoinSlot<Left, Right> {
    var lefts = PendingJoinList<Left>()
    var rights = PendingJoinList<Right>()
    var isEmpty: Bool { lefts.isEmpty && rights.isEmpty }
}
