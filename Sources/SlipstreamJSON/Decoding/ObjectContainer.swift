import CSimdJSON

/// The keyed container over an object's field table.
///
/// The primitive `decode` and `decodeIfPresent` overloads are the hot path: a key lookup by bytes and a read of the
/// field table's entry, with no reference counting (the decoder is held `unowned(unsafe)`, see ``TableDecoder``).
/// Everything else goes through ``DecodingContext/decodeValue(_:field:path:key:valueDecoder:)``.
struct ObjectContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    unowned(unsafe) let decoder: TableDecoder
    let lookup: UnsafeMutablePointer<FieldLookup>

    init(decoder: TableDecoder) {
        self.decoder = decoder
        self.lookup = decoder.lookup
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        lookup.pointee.table.compactMap { Key(stringValue: $0.key.string) }
    }

    func contains(_ key: Key) -> Bool {
        lookup.pointee.index(of: key) != nil
    }

    // MARK: Field access

    @inline(__always)
    private func index(_ key: Key) throws -> Int {
        guard let index = lookup.pointee.index(of: key) else { throw missing(key) }
        return index
    }

    /// The index of the field, or nil when it is absent or null.
    @inline(__always)
    private func presentIndex(_ key: Key) -> Int? {
        guard let index = lookup.pointee.index(of: key),
              lookup.pointee.entry(index).kind != UInt8(SLIP_JSON_NULL) else { return nil }
        return index
    }

    @inline(__always)
    private func field(_ index: Int) -> JSONField {
        lookup.pointee.table[index]
    }

    private func missing(_ key: Key) -> DecodingError {
        .keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing field"))
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    // MARK: Primitives at an index

    @inline(__always)
    private func bool(_ i: Int, _ key: Key) throws -> Bool {
        let kind = lookup.pointee.entry(i).kind
        if kind == UInt8(SLIP_JSON_TRUE) { return true }
        if kind == UInt8(SLIP_JSON_FALSE) { return false }
        return try field(i).decodeBool(at: path(key))
    }

    @inline(__always)
    private func string(_ i: Int, _ key: Key) throws -> String {
        try field(i).decodeString(at: path(key))
    }

    @inline(__always)
    private func double(_ i: Int, _ key: Key) throws -> Double {
        let entry = lookup.pointee.entry(i)
        if entry.kind == UInt8(SLIP_JSON_NUMBER) { return entry.number }
        return try field(i).decodeDouble(at: path(key))
    }

    @inline(__always)
    private func integer<T: FixedWidthInteger>(_ i: Int, _ key: Key, as type: T.Type) throws -> T {
        let entry = lookup.pointee.entry(i)
        if entry.flags & UInt8(SLIP_JSON_EXACT_INTEGER) != 0, let value = T(exactly: entry.integer) { return value }
        return try field(i).decodeIntegerSlowly(type, at: path(key))
    }

    // MARK: decode

    func decodeNil(forKey key: Key) throws -> Bool {
        lookup.pointee.entry(try index(key)).kind == UInt8(SLIP_JSON_NULL)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try bool(index(key), key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try string(index(key), key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try double(index(key), key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try field(index(key)).decodeFloat(at: path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(index(key), key, as: type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(index(key), key, as: type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(index(key), key, as: type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(index(key), key, as: type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(index(key), key, as: type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(index(key), key, as: type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(index(key), key, as: type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(index(key), key, as: type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(index(key), key, as: type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(index(key), key, as: type) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let field = field(try index(key))
        return try decoder.context.decodeValue(type, field: field, path: codingPath, key: key, valueDecoder: decoder.valueDecoder)
    }

    // MARK: decodeIfPresent

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let i = presentIndex(key) else { return nil }
        return try bool(i, key)
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let i = presentIndex(key) else { return nil }
        return try string(i, key)
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let i = presentIndex(key) else { return nil }
        return try double(i, key)
    }

    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        guard let i = presentIndex(key) else { return nil }
        return try field(i).decodeFloat(at: path(key))
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try integerIfPresent(key, type) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try integerIfPresent(key, type) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try integerIfPresent(key, type) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try integerIfPresent(key, type) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try integerIfPresent(key, type) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try integerIfPresent(key, type) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try integerIfPresent(key, type) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try integerIfPresent(key, type) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try integerIfPresent(key, type) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try integerIfPresent(key, type) }

    @inline(__always)
    private func integerIfPresent<T: FixedWidthInteger>(_ key: Key, _ type: T.Type) throws -> T? {
        guard let i = presentIndex(key) else { return nil }
        return try integer(i, key, as: type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let i = presentIndex(key) else { return nil }
        return try decoder.context.decodeValue(type, field: field(i), path: codingPath, key: key, valueDecoder: decoder.valueDecoder)
    }

    // MARK: Nesting

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.decoder(for: field(index(key)), key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.decoder(for: field(index(key)), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try decoder.decoder(for: field(index(key)), key: key)
    }
}
