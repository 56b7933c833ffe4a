/// An item waiting in a join buffer for a partner.
@usableFromInline
struct PendingJoinItem<Value> {
    @usableFromInline var time: Int64
    @usableFromInline var value: Value
    @usableFromInline var matched: Bool

    @inlinable init(time: Int64, value: Value, matched: Bool) {
        self.time = time
        self.value = value
        self.matched = matched
    }
}

/// The items of one side waiting under one key; the first is stored inline, so the common case (one pending
/// item per key, as with a prediction waiting for its label) allocates nothing.
@usableFromInline
struct PendingJoinList<Value> {
    @usableFromInline var first: PendingJoinItem<Value>?
    @usableFromInline var more: [PendingJoinItem<Value>] = []

    @inlinable init() {}

    @inlinable var isEmpty: Bool { first == nil }
    @inlinable var count: Int { first == nil ? 0 : 1 + more.count }

    @inlinable mutating func append(_ item: PendingJoinItem<Value>) {
        if first == nil { first = item } else { more.append(item) }
    }

    /// The index (0 = `first`) of the earliest-arrived item satisfying `fits`.
    @inlinable func firstIndex(where fits: (PendingJoinItem<Value>) -> Bool) -> Int? {
        guard let first else { return nil }
        if fits(first) { return 0 }
        return more.firstIndex(where: fits).map { $0 + 1 }
    }

    @inlinable mutating func remove(at index: Int) -> PendingJoinItem<Value> {
        if index == 0 {
            let item = first.take()!
            if !more.isEmpty { first = more.removeFirst() }
            return item
        }
        return more.remove(at: index - 1)
    }

    /// Calls `body` on every item in arrival order, letting it mark items matched.
    @inlinable mutating func forEach(_ body: (inout PendingJoinItem<Value>) -> Void) {
        if first != nil { body(&first!) }
        for i in more.indices { body(&more[i]) }
    }

    /// Removes the items `shouldRemove` selects, handing each to `removed`.
    @inlinable mutating func removeAll(where shouldRemove: (PendingJoinItem<Value>) -> Bool,
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

    @inlinable var all: [PendingJoinItem<Value>] { first.map { [$0] + more } ?? [] }
}

/// Both sides' pending items under one key.
@usableFromInline
struct JoinSlot<Left, Right> {
    @usableFromInline var lefts = PendingJoinList<Left>()
    @usableFromInline var rights = PendingJoinList<Right>()

    @inlinable init() {}

    @inlinable var isEmpty: Bool { lefts.isEmpty && rights.isEmpty }
}
