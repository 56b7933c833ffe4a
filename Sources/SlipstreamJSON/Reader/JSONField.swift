import CSimdJSON

/// One member of a parsed object (or one element of a parsed array): its key and its decoded value.
///
/// Valid until the next parse on the ``JSONReader`` that produced it. Accessors for a kind the value does not have
/// return `nil`; none of them allocates except ``JSONBytes/string``.
public struct JSONField {
    @usableFromInline let entry: slip_json_field
    @usableFromInline let input: UnsafeRawPointer
    @usableFromInline let scratch: UnsafeRawPointer?

    @inlinable
    init(_ entry: slip_json_field, input: UnsafeRawPointer, scratch: UnsafeRawPointer?) {
        self.entry = entry
        self.input = input
        self.scratch = scratch
    }

    @inlinable
    func bytes(offset: UInt32, length: UInt32, inScratch: Bool) -> JSONBytes {
        let base = inScratch ? scratch! : input
        return JSONBytes(UnsafeRawBufferPointer(start: base + Int(offset), count: Int(length)))
    }

    /// The member's name, unescaped (empty for array elements).
    @inlinable
    public var key: JSONBytes {
        bytes(offset: entry.key_offset, length: entry.key_length,
              inScratch: entry.flags & UInt8(SLIP_JSON_KEY_IN_SCRATCH) != 0)
    }

    /// The value's kind.
    @inlinable
    public var kind: JSONKind { JSONKind(cKind: entry.kind) }

    /// Whether the value is `null`.
    @inlinable
    public var isNull: Bool { entry.kind == UInt8(SLIP_JSON_NULL) }

    /// The value if it is `true` or `false`.
    @inlinable
    public var bool: Bool? {
        switch entry.kind {
        case UInt8(SLIP_JSON_TRUE): true
        case UInt8(SLIP_JSON_FALSE): false
        default: nil
        }
    }

    /// The value if it is a number: the nearest `Double` (numbers of more than 17 significant digits are rounded).
    @inlinable
    public var double: Double? {
        entry.kind == UInt8(SLIP_JSON_NUMBER) ? entry.number : nil
    }

    /// The value if it is a number with an exact `Int64` value (`3`, `-7`, `3.0`, `1e3`); `nil` for `2.5`,
    /// numbers beyond the `Int64` range, and other kinds.
    @inlinable
    public var int64: Int64? {
        entry.flags & UInt8(SLIP_JSON_EXACT_INTEGER) != 0 ? entry.integer : nil
    }

    /// The value if it is a number with an exact `Int` value (see ``int64``).
    @inlinable
    public var int: Int? {
        guard let value = int64 else { return nil }
        return Int(exactly: value)
    }

    /// The value if it is a string: its content, unescaped.
    @inlinable
    public var string: JSONBytes? {
        guard entry.kind == UInt8(SLIP_JSON_STRING) else { return nil }
        return valueBytes
    }

    /// Whether the string value held escape sequences in the document (its ``string`` bytes are then the unescaped
    /// copy in the reader's scratch buffer).
    @inlinable
    public var stringWasEscaped: Bool {
        entry.flags & UInt8(SLIP_JSON_VALUE_IN_SCRATCH) != 0
    }

    /// For a string, its unescaped content; for any other kind, the value's JSON text as it appears in the document
    /// (`12.50`, `true`, `{"a":[1,2]}`), which a nested object or array can be parsed from.
    @inlinable
    public var valueBytes: JSONBytes {
        bytes(offset: entry.value_offset, length: entry.value_length,
              inScratch: entry.flags & UInt8(SLIP_JSON_VALUE_IN_SCRATCH) != 0)
    }
}

@available(*, unavailable, message: "JSONField points into a reader's buffers, which belong to one thread")
extension JSONField: Sendable {}
