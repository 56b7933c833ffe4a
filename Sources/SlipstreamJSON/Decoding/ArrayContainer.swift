/// The unkeyed container over an array's field table (one entry per element).
struct ArrayContainer: UnkeyedDecodingContainer {
    /// Not retained: see ``TableDecoder``.
    unowned(unsafe) let decoder: TableDecoder
    private(set) var currentIndex = 0

    init(decoder: TableDecoder) {
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { decoder.table.count }
    var isAtEnd: Bool { currentIndex >= decoder.table.count }

    private var path: [any CodingKey] { codingPath + [IndexKey(currentIndex)] }

    /// The next element; advances only once the caller has decoded it (so a failed decode can be retried as
    /// another type, as the protocol requires).
    @inline(__always)
    private func next(_ type: Any.Type) throws -> JSONField {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "no more elements (array has \(decoder.table.count))"))
        }
        return decoder.table[currentIndex]
    }

    @inline(__always)
    private mutating func advancing<T>(_ value: T) -> T {
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard try next(Never.self).isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { advancing(try next(type).decodeBool(at: path)) }
    mutating func decode(_ type: String.Type) throws -> String { advancing(try next(type).decodeString(at: path)) }
    mutating func decode(_ type: Double.Type) throws -> Double { advancing(try next(type).decodeDouble(at: path)) }
    mutating func decode(_ type: Float.Type) throws -> Float { advancing(try next(type).decodeFloat(at: path)) }
    mutating func decode(_ type: Int.Type) throws -> Int { advancing(try next(type).decodeInteger(type, at: path)) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { advancing(try next(type).decodeInteger(type, at: path)) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { advancing(try next(type).decodeInteger(type, at: path)) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { advancing(try next(type).decodeInteger(type, at: path)) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { advancing(try next(type).decodeInteger(type, at: path)) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { advancing(try next(type).decodeInteger(type, at: path)) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { advancing(try next(type).decodeInteger(type, at: path)) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { advancing(try next(type).decodeInteger(type, at: path)) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { advancing(try next(type).decodeInteger(type, at: path)) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { advancing(try next(type).decodeInteger(type, at: path)) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let field = try next(type)
        let value = try decoder.context.decodeValue(
            type, field: field, path: codingPath, key: IndexKey(currentIndex), valueDecoder: decoder.valueDecoder)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try decoder.decoder(for: next(Any.self), key: IndexKey(currentIndex)).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try decoder.decoder(for: next(Any.self), key: IndexKey(currentIndex)).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let nested = try decoder.decoder(for: next(Any.self), key: IndexKey(currentIndex))
        currentIndex += 1
        return nested
    }
}
