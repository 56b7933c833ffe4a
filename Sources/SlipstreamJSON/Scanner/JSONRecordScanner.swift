import CSimdJSON

/// Reads chosen members of flat JSON objects, the usual shape of a JSON Lines event, in one pass over the bytes:
/// no field table, no simdjson stages, numbers read while their end is found, each wanted value written straight
/// into its slot.
///
/// It is the fast path in front of a ``JSONReader``, not a replacement: it reads only a strict subset of JSON (an
/// object whose keys are strings without escapes and whose values are numbers within a `Double`'s range, strings
/// without escapes, `true`, `false` or `null`), which it validates completely itself. For any other document
/// (nested values, escape sequences, invalid JSON) ``scan(_:)`` returns `nil` without judging it: parse that
/// document with a ``JSONReader``, which validates it and says what is wrong. A document the scanner reads gives the
/// values the reader would give, to the bit.
///
/// ```swift
/// let scanner = JSONRecordScanner(fields: ["label", "x0", "x1"])
/// if let record = scanner.scan(line) {
///     let x0 = record[1].double            // nil when missing or not a number
/// } else {
///     let table = try reader.parseObject(line)   // the general path
/// }
/// ```
///
/// Keys are matched by position: the scanner remembers the key it met at each position of the previous document
/// and which wanted field it was, so when the layout repeats (it does in files written by one program) a key costs
/// one comparison of its bytes, and a name is looked up only when the layout changes.
///
/// Not thread-safe: use one per thread.
public final class JSONRecordScanner {
    @usableFromInline let scanner: OpaquePointer
    @usableFromInline let values: UnsafePointer<slip_flat_value>

    /// The wanted members, in slot order.
    public let fieldNames: [String]

    /// Creates a scanner for members named `fields` (slot `k` of a record is `fields[k]`).
    public init(fields: [String]) {
        var bytes: [UInt8] = []
        var offsets: [UInt32] = [], lengths: [UInt32] = []
        for name in fields {
            offsets.append(UInt32(bytes.count))
            lengths.append(UInt32(name.utf8.count))
            bytes += name.utf8
        }
        guard let scanner = slip_flat_scanner_create(bytes, offsets, lengths, UInt32(fields.count)) else {
            fatalError("JSONRecordScanner: out of memory")
        }
        self.scanner = scanner
        self.values = slip_flat_scanner_values(scanner)
        self.fieldNames = fields
    }

    deinit {
        slip_flat_scanner_free(scanner)
    }

    /// Scans one document; `nil` when it is not a flat object of the subset this scanner reads (see the type's
    /// documentation), which says nothing about whether it is valid JSON.
    ///
    /// The record points into `bytes` and into the scanner: it is valid until the next scan and while `bytes` is.
    @inlinable
    public func scan(_ bytes: UnsafeRawBufferPointer) -> JSONScannedRecord? {
        guard let base = bytes.baseAddress, slip_flat_scan(scanner, base, bytes.count) == 1 else { return nil }
        return JSONScannedRecord(values: values, base: base, count: fieldNames.count)
    }
}

@available(*, unavailable, message: "A JSONRecordScanner is not thread-safe: use one per thread")
extension JSONRecordScanner: Sendable {}

/// The wanted members of one document read by a ``JSONRecordScanner``, by slot.
///
/// Valid until the next scan on its scanner, and only while the scanned bytes are.
public struct JSONScannedRecord {
    @usableFromInline let values: UnsafePointer<slip_flat_value>
    @usableFromInline let base: UnsafeRawPointer
    /// Number of slots (the scanner's wanted members).
    public let count: Int

    @inlinable
    init(values: UnsafePointer<slip_flat_value>, base: UnsafeRawPointer, count: Int) {
        self.values = values
        self.base = base
        self.count = count
    }

    /// The value of slot `k` (0 ..< count): the first occurrence of its member.
    @inlinable
    public subscript(k: Int) -> JSONScannedValue {
        precondition(k >= 0 && k < count, "slot out of range")
        return JSONScannedValue(values[k], base: base)
    }
}

@available(*, unavailable, message: "JSONScannedRecord points into a scanner's buffers, which belong to one thread")
extension JSONScannedRecord: Sendable {}

/// One wanted member of a scanned document: missing, or a value with the accessors of ``JSONField``.
public struct JSONScannedValue {
    @usableFromInline let entry: slip_flat_value
    @usableFromInline let base: UnsafeRawPointer

    @inlinable
    init(_ entry: slip_flat_value, base: UnsafeRawPointer) {
        self.entry = entry
        self.base = base
    }

    /// Whether the document has no such member.
    @inlinable
    public var isMissing: Bool { entry.kind == UInt8(SLIP_FLAT_MISSING) }

    /// The value's kind, or `nil` when the member is missing (never `.object` or `.array`: the scanner declines
    /// documents with nested values).
    @inlinable
    public var kind: JSONKind? { isMissing ? nil : JSONKind(cKind: entry.kind) }

    /// Whether the value is `null`.
    @inlinable
    public var isNull: Bool { entry.kind == UInt8(SLIP_JSON_NULL) }

    /// The value if it is a number: the nearest `Double`, as ``JSONField/double`` gives it.
    @inlinable
    public var double: Double? { entry.kind == UInt8(SLIP_JSON_NUMBER) ? entry.number : nil }

    /// The value if it is `true` or `false`.
    @inlinable
    public var bool: Bool? {
        switch entry.kind {
        case UInt8(SLIP_JSON_TRUE): true
        case UInt8(SLIP_JSON_FALSE): false
        default: nil
        }
    }

    /// The value if it is a string: its content (which held no escape sequences).
    @inlinable
    public var string: JSONBytes? { entry.kind == UInt8(SLIP_JSON_STRING) ? valueBytes : nil }

    /// For a string its content, for any other value its JSON text (`12.50`, `true`), as ``JSONField/valueBytes``
    /// gives them; empty when the member is missing.
    @inlinable
    public var valueBytes: JSONBytes {
        JSONBytes(UnsafeRawBufferPointer(start: base + Int(entry.value_offset), count: Int(entry.value_length)))
    }
}

@available(*, unavailable, message: "JSONScannedValue points into scanned bytes, which belong to one thread")
extension JSONScannedValue: Sendable {}
