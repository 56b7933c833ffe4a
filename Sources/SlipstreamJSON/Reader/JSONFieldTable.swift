import CSimdJSON

/// The fields of one parsed document, in document order: accessed by index or by name.
///
/// A view into a ``JSONReader``'s buffers, valid until the next parse on that reader (see its lifetime rules). The
/// table keeps its reader alive, so a table from a temporary reader stays readable; the ``JSONField``s and
/// ``JSONBytes`` taken from it do not, and must not outlive the table.
///
/// Looking a field up by name compares key bytes without allocating; when a key occurs more than once, the lookups
/// find its first occurrence.
public struct JSONFieldTable: RandomAccessCollection {
    @usableFromInline let pointers: FieldTablePointers
    /// Keeps the memory the pointers refer to allocated.
    @usableFromInline let owner: JSONReader

    @inlinable
    init(_ pointers: FieldTablePointers, owner: JSONReader) {
        self.pointers = pointers
        self.owner = owner
    }

    @inlinable public var count: Int { pointers.count }
    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { pointers.count }

    /// The field at `index` (0 ..< count).
    @inlinable
    public subscript(index: Int) -> JSONField {
        pointers[index]
    }

    /// The key of the field at `index`, without building the whole ``JSONField``.
    @inlinable
    public func key(at index: Int) -> JSONBytes {
        pointers.key(at: index)
    }

    /// The index of the first field whose key is `name`'s bytes. The search starts at `hint` and wraps around:
    /// passing the previous match plus one makes lookups in document order cost one comparison. (When the document
    /// repeats a key, the search starts from the beginning whatever the hint, so that the first occurrence wins.)
    @inlinable
    public func index(ofKey name: UnsafeRawBufferPointer, hint: Int = 0) -> Int? {
        pointers.index(ofKey: name, hint: hint)
    }

    /// Whether some key occurs more than once in the document.
    @inlinable
    public var hasDuplicateKeys: Bool { pointers.hasDuplicateKeys }

    /// The index of the first field named `name`.
    @inlinable
    public func index(ofKey name: String, hint: Int = 0) -> Int? {
        var name = name
        return name.withUTF8 { pointers.index(ofKey: UnsafeRawBufferPointer($0), hint: hint) }
    }

    /// The first field named `name`, or `nil`.
    @inlinable
    public subscript(name: String) -> JSONField? {
        guard let i = index(ofKey: name) else { return nil }
        return self[i]
    }

    /// The first field named `name`, or `nil`.
    @inlinable
    public subscript(name: StaticString) -> JSONField? {
        let i: Int?
        if name.hasPointerRepresentation {
            i = index(ofKey: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        } else {
            i = name.withUTF8Buffer { index(ofKey: UnsafeRawBufferPointer($0)) }
        }
        guard let i else { return nil }
        return self[i]
    }
}

@available(*, unavailable, message: "JSONFieldTable points into a reader's buffers, which belong to one thread")
extension JSONFieldTable: Sendable {}

/// The pointers of a parse result, without an owner: what the decoder's hot path reads.
@usableFromInline
struct FieldTablePointers: RandomAccessCollection {
    @usableFromInline let fields: UnsafePointer<slip_json_field>?
    @usableFromInline let input: UnsafeRawPointer
    @usableFromInline let scratch: UnsafeRawPointer?
    @usableFromInline let count: Int
    /// Whether a key occurs more than once (lookups must then scan from the start to find the first occurrence).
    @usableFromInline let hasDuplicateKeys: Bool

    @inlinable
    init(_ result: slip_json_result) {
        fields = result.fields
        input = UnsafeRawPointer(result.input!)
        scratch = result.scratch.map { UnsafeRawPointer($0) }
        count = Int(result.count)
        hasDuplicateKeys = result.duplicate_keys != 0
    }

    /// No fields: what a decoder points at before its first document.
    static var empty: FieldTablePointers { FieldTablePointers() }

    private init() {
        fields = nil
        input = UnsafeRawPointer(Self.nothing)
        scratch = nil
        count = 0
        hasDuplicateKeys = false
    }

    /// Never read (the table is empty), only non-null. Written once, at its lazy initialization.
    nonisolated(unsafe) private static let nothing = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    @inlinable var startIndex: Int { 0 }
    @inlinable var endIndex: Int { count }

    /// The field at `index` (0 ..< count).
    @inlinable
    subscript(index: Int) -> JSONField {
        precondition(index >= 0 && index < count, "JSON field index out of range")
        return JSONField(fields.unsafelyUnwrapped[index], input: input, scratch: scratch)
    }

    /// The key of the field at `index`, without building the whole ``JSONField``.
    @inlinable
    func key(at index: Int) -> JSONBytes {
        precondition(index >= 0 && index < count, "JSON field index out of range")
        let entry = fields.unsafelyUnwrapped[index]
        let base = entry.flags & UInt8(SLIP_JSON_KEY_IN_SCRATCH) != 0 ? scratch.unsafelyUnwrapped : input
        return JSONBytes(UnsafeRawBufferPointer(start: base + Int(entry.key_offset), count: Int(entry.key_length)))
    }

    /// The index of the first field whose key is `name`'s bytes, searching from `hint` onwards and then from the
    /// start. Passing the previous match plus one as `hint` makes lookups in document order cost one comparison.
    @inlinable
    func index(ofKey name: UnsafeRawBufferPointer, hint: Int = 0) -> Int? {
        let start = hint >= 0 && hint < count && !hasDuplicateKeys ? hint : 0
        var i = start
        while i < count {
            if key(at: i).equals(name) { return i }
            i += 1
        }
        i = 0
        while i < start {
            if key(at: i).equals(name) { return i }
            i += 1
        }
        return nil
    }
}
