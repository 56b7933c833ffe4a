import CSimdJSON

/// The fields of one parsed JSON object, as a ``JSONEventDecodable`` initializer reads them: what the code that
/// ``JSONEvent()`` generates calls, one accessor per stored property.
///
/// Each accessor looks its key up by comparing bytes (with the decoder's key-order hints, so a stream of events in
/// a stable key order costs one comparison per field) and converts the value exactly as ``JSONEventDecoder``'s
/// `Decodable` path does, with the same ``JSONDecodeError``s: integers must be integral and in range, `Float`s
/// finite, `null` is `nil` only for optionals, and when a key occurs twice its first occurrence counts. The
/// accessors for `String`, `Bool`, `Double`, `Float` and the fixed-width integers are concrete functions; the
/// generic ones decode any other `Decodable` type through the `Decodable` path.
///
/// Valid only during the ``JSONEventDecodable/init(jsonFields:)`` call it is passed to.
///
/// The accessors are inlinable: the generated initializer looks its fields up inline, with no call per field.
public struct JSONEventFields {
    @usableFromInline let lookup: UnsafeMutablePointer<FieldLookup>
    /// The root ``TableDecoder`` of the ``JSONEventDecoder``, which outlives the call; typed only where used, so
    /// that the decoder's type stays internal.
    @usableFromInline unowned(unsafe) let owner: AnyObject

    init(_ decoder: TableDecoder) {
        self.owner = decoder
        self.lookup = decoder.lookup
    }

    private var decoder: TableDecoder { unsafeDowncast(owner, to: TableDecoder.self) }

    // MARK: Lookup

    /// The index of the field named `key`, or nil.
    @inlinable @inline(__always)
    func index(_ key: StaticString) -> Int? {
        guard key.hasPointerRepresentation else {
            return key.withUTF8Buffer { lookup.pointee.index(of: UnsafeRawBufferPointer($0)) }
        }
        return lookup.pointee.index(of: UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    @inlinable @inline(__always)
    func required(_ key: StaticString) throws(JSONDecodeError) -> Int {
        guard let index = index(key) else { throw Self.missing(key) }
        return index
    }

    /// The index of the field, or nil when it is absent or null (`decodeIfPresent`).
    @inlinable @inline(__always)
    func present(_ key: StaticString) -> Int? {
        guard let index = index(key), lookup.pointee.entry(index).kind != UInt8(SLIP_JSON_NULL) else { return nil }
        return index
    }

    @inlinable @inline(__always)
    func field(_ index: Int) -> JSONField {
        lookup.pointee.table[index]
    }

    // MARK: Conversions (the failures take the Decodable path's code, so that the errors are its own)

    @inlinable @inline(__always)
    func bool(_ i: Int, _ key: StaticString) throws(JSONDecodeError) -> Bool {
        let kind = lookup.pointee.entry(i).kind
        if kind == UInt8(SLIP_JSON_TRUE) { return true }
        if kind == UInt8(SLIP_JSON_FALSE) { return false }
        throw failure(i, key, .bool)
    }

    @inlinable @inline(__always)
    func string(_ i: Int, _ key: StaticString) throws(JSONDecodeError) -> String {
        let field = field(i)
        guard field.entry.kind == UInt8(SLIP_JSON_STRING) else {
            throw failure(i, key, .string)
        }
        return field.valueBytes.string
    }

    @inlinable @inline(__always)
    func double(_ i: Int, _ key: StaticString) throws(JSONDecodeError) -> Double {
        let entry = lookup.pointee.entry(i)
        guard entry.kind == UInt8(SLIP_JSON_NUMBER) else {
            throw failure(i, key, .double)
        }
        return entry.number
    }

    @inlinable @inline(__always)
    func float(_ i: Int, _ key: StaticString) throws(JSONDecodeError) -> Float {
        let entry = lookup.pointee.entry(i)
        if entry.kind == UInt8(SLIP_JSON_NUMBER) {
            let value = Float(entry.number)
            if value.isFinite { return value }
        }
        throw failure(i, key, .float)
    }

    @inlinable @inline(__always)
    func integer<T: FixedWidthInteger>(_ i: Int, _ key: StaticString, as type: T.Type) throws(JSONDecodeError) -> T {
        let entry = lookup.pointee.entry(i)
        if entry.flags & UInt8(SLIP_JSON_EXACT_INTEGER) != 0, let value = T(exactly: entry.integer) { return value }
        return try integerSlowly(i, key, as: type)
    }

    /// Integers above `Int64.max` (for `UInt64`) and the errors, by the `Decodable` path's code.
    @usableFromInline @inline(never)
    func integerSlowly<T: FixedWidthInteger>(
        _ i: Int, _ key: StaticString, as type: T.Type
    ) throws(JSONDecodeError) -> T {
        do {
            return try field(i).decodeIntegerSlowly(type, at: [FieldKey(key)])
        } catch {
            throw JSONDecodeError(error)
        }
    }

    /// The conversions whose failures ``failure(_:_:_:)`` reports.
    @usableFromInline
    enum Conversion {
        case bool, string, double, float
    }

    /// The error the `Decodable` path's conversion throws for the field (which it must, the fast check having
    /// failed).
    @usableFromInline @inline(never)
    func failure(_ i: Int, _ key: StaticString, _ conversion: Conversion) -> JSONDecodeError {
        let field = field(i)
        let path: [any CodingKey] = [FieldKey(key)]
        do {
            switch conversion {
            case .bool: _ = try field.decodeBool(at: path)
            case .string: _ = try field.decodeString(at: path)
            case .double: _ = try field.decodeDouble(at: path)
            case .float: _ = try field.decodeFloat(at: path)
            }
            return JSONDecodeError(reason: .invalidValue, field: key.description, message: "unexpected value")
        } catch {
            return JSONDecodeError(error)
        }
    }

    @usableFromInline @inline(never)
    static func missing(_ key: StaticString) -> JSONDecodeError {
        JSONDecodeError(reason: .missingField, field: key.description, message: "missing")
    }

    // MARK: Required fields

    /// The string field `key`.
    @inlinable
    public func decode(_ type: String.Type, forKey key: StaticString) throws(JSONDecodeError) -> String {
        try string(required(key), key)
    }

    /// The bool field `key`.
    @inlinable
    public func decode(_ type: Bool.Type, forKey key: StaticString) throws(JSONDecodeError) -> Bool {
        try bool(required(key), key)
    }

    /// The number field `key`.
    @inlinable
    public func decode(_ type: Double.Type, forKey key: StaticString) throws(JSONDecodeError) -> Double {
        try double(required(key), key)
    }

    /// The number field `key`, which must be finite as a `Float`.
    @inlinable
    public func decode(_ type: Float.Type, forKey key: StaticString) throws(JSONDecodeError) -> Float {
        try float(required(key), key)
    }

    /// The integer field `key` (any fixed-width integer type): integral and in the type's range, as the `Decodable`
    /// path requires (`3.0` is 3, `3.5` and `300` for `UInt8` are errors). Inlinable and generic, so it is
    /// specialized for the property's type where the generated initializer calls it.
    @inlinable
    public func decode<T: FixedWidthInteger & Decodable>(
        _ type: T.Type, forKey key: StaticString
    ) throws(JSONDecodeError) -> T {
        try integer(required(key), key, as: type)
    }

    /// The field `key` as any other `Decodable` type (an enum, a nested object, an array, a `Date`…), by
    /// ``JSONEventDecoder``'s `Decodable` path.
    public func decode<T: Decodable>(_ type: T.Type, forKey key: StaticString) throws(JSONDecodeError) -> T {
        try value(type, at: required(key), key)
    }

    /// An optional declared through a type alias: `nil` when absent or null, as `Decodable` synthesis does for
    /// every optional property.
    public func decode<T: Decodable>(_ type: T?.Type, forKey key: StaticString) throws(JSONDecodeError) -> T? {
        try decodeIfPresent(T.self, forKey: key)
    }

    @usableFromInline @inline(never)
    func value<T: Decodable>(_ type: T.Type, at i: Int, _ key: StaticString) throws(JSONDecodeError) -> T {
        // What the value's decoding kept alive is released with it (the document holds nothing else).
        defer { decoder.context.documentDone() }
        do {
            return try decoder.context.decodeValue(
                type, field: field(i), path: [], key: FieldKey(key), valueDecoder: decoder.valueDecoder)
        } catch {
            throw JSONDecodeError(error)
        }
    }

    // MARK: Optional fields: nil when absent or null

    /// The string field `key`, or nil when it is absent or null.
    @inlinable
    public func decodeIfPresent(_ type: String.Type, forKey key: StaticString) throws(JSONDecodeError) -> String? {
        guard let i = present(key) else { return nil }
        return try string(i, key)
    }

    /// The bool field `key`, or nil when it is absent or null.
    @inlinable
    public func decodeIfPresent(_ type: Bool.Type, forKey key: StaticString) throws(JSONDecodeError) -> Bool? {
        guard let i = present(key) else { return nil }
        return try bool(i, key)
    }

    /// The number field `key`, or nil when it is absent or null.
    @inlinable
    public func decodeIfPresent(_ type: Double.Type, forKey key: StaticString) throws(JSONDecodeError) -> Double? {
        guard let i = present(key) else { return nil }
        return try double(i, key)
    }

    /// The number field `key` as a finite `Float`, or nil when it is absent or null.
    @inlinable
    public func decodeIfPresent(_ type: Float.Type, forKey key: StaticString) throws(JSONDecodeError) -> Float? {
        guard let i = present(key) else { return nil }
        return try float(i, key)
    }

    /// The integer field `key`, or nil when it is absent or null; present, it must be integral and in range.
    @inlinable
    public func decodeIfPresent<T: FixedWidthInteger & Decodable>(
        _ type: T.Type, forKey key: StaticString
    ) throws(JSONDecodeError) -> T? {
        guard let i = present(key) else { return nil }
        return try integer(i, key, as: type)
    }

    /// The field `key` as any other `Decodable` type, or nil when it is absent or null, by ``JSONEventDecoder``'s
    /// `Decodable` path.
    public func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: StaticString) throws(JSONDecodeError) -> T? {
        guard let i = present(key) else { return nil }
        return try value(type, at: i, key)
    }
}

@available(*, unavailable, message: "JSONEventFields points into a decoder's buffers, which belong to one thread")
extension JSONEventFields: Sendable {}

/// The coding key of a field the ``JSONEventFields`` path reports (errors, values decoded by the `Decodable` path).
struct FieldKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ key: StaticString) { stringValue = key.description }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}
