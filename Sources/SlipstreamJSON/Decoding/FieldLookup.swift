import CSimdJSON

/// The field table a ``TableDecoder`` reads and the state of its key lookups, kept behind a pointer so that the
/// per-field path does no reference counting and no exclusivity checks.
///
/// Lookups remember, per call position within a document, the index where the key was found last time: a stream of
/// documents that share a key order (whatever the order of the type's properties) costs one key comparison per
/// field. Documents in another order fall back to a scan that starts just after the previous match.
///
/// Usable from inlinable code, so that the code `@JSONEvent` generates in the user's module looks fields up inline.
@usableFromInline
struct FieldLookup {
    @usableFromInline var table: FieldTablePointers
    /// The position of the next lookup among this document's lookups.
    @usableFromInline var ordinal = 0
    /// Just after the last field found.
    @usableFromInline var cursor = 0
    /// Where the lookup at each position found its key last time.
    @usableFromInline let hints: UnsafeMutablePointer<Int32>
    @usableFromInline var hintCount = 0
    @usableFromInline static let maxHints = 128

    init(table: FieldTablePointers) {
        self.table = table
        hints = .allocate(capacity: Self.maxHints)
    }

    /// Starts the next document.
    @inline(__always)
    mutating func reset(_ table: FieldTablePointers) {
        self.table = table
        ordinal = 0
        cursor = 0
    }

    @inlinable @inline(__always)
    func keyEquals(_ index: Int, _ name: UnsafeRawBufferPointer) -> Bool {
        table.key(at: index).equals(name)
    }

    /// The index of the field named `name`, or nil.
    @inlinable @inline(__always)
    mutating func index(of name: UnsafeRawBufferPointer) -> Int? {
        let position = ordinal
        ordinal &+= 1
        let remembered = position < hintCount
        let guess = remembered ? Int(hints[position]) : cursor
        if guess < table.count && keyEquals(guess, name) && !table.hasDuplicateKeys {
            cursor = guess &+ 1
            if !remembered { remember(guess, at: position) }
            return guess
        }
        return search(name, from: guess, position: position)
    }

    @usableFromInline
    mutating func search(_ name: UnsafeRawBufferPointer, from guess: Int, position: Int) -> Int? {
        let found = table.index(ofKey: name, hint: guess)
        if let found {
            cursor = found &+ 1
            remember(found, at: position)
        }
        return found
    }

    @inlinable @inline(__always)
    mutating func remember(_ index: Int, at position: Int) {
        if position < hintCount {
            hints[position] = Int32(truncatingIfNeeded: index)
        } else if position == hintCount && position < Self.maxHints {
            hints[position] = Int32(truncatingIfNeeded: index)
            hintCount &+= 1
        }
    }

    /// The index of the field named by `key`, or nil.
    @inline(__always)
    mutating func index(of key: some CodingKey) -> Int? {
        var name = key.stringValue
        return name.withUTF8 { index(of: UnsafeRawBufferPointer($0)) }
    }

    @inlinable @inline(__always)
    func entry(_ index: Int) -> slip_json_field {
        table.fields.unsafelyUnwrapped[index]
    }
}
