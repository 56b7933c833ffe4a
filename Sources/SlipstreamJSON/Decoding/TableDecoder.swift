/// A `Decoder` over a parsed field table: the document's root object, or a nested object or array.
///
/// Containers refer to it without retaining it (they are copied on every call through the standard library's
/// container boxes): the root decoder lives as long as its ``JSONEventDecoder``, and nested ones are kept alive by
/// the ``DecodingContext`` until the document is decoded.
final class TableDecoder: Decoder {
    let context: DecodingContext
    let isArray: Bool
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { context.options.userInfo }

    /// The field table and lookup state.
    let lookup: UnsafeMutablePointer<FieldLookup>

    /// The reader this nested table was parsed by (returned to the pool on release); nil for the root.
    private let reader: JSONReader?

    /// Decodes scalar fields as non-primitive types (enums, wrappers); reused, since one finishes before the next.
    let valueDecoder: FieldValueDecoder

    /// The root's keyed container for the last key type asked for, and that type. A container refers only to this
    /// decoder and its lookup state, which the root keeps across documents, so one container serves every
    /// document: no box allocation and no generic metadata lookups per event.
    private var cachedContainer: AnyObject?
    private var cachedKeyType: ObjectIdentifier?

    init(root context: DecodingContext, table: FieldTablePointers) {
        self.context = context
        self.isArray = false
        self.codingPath = []
        self.reader = nil
        self.valueDecoder = FieldValueDecoder(context: context)
        lookup = .allocate(capacity: 1)
        lookup.initialize(to: FieldLookup(table: table))
    }

    /// Parses a nested object or array with a pooled reader; the context keeps the decoder alive until the
    /// document is decoded.
    init(nestedIn context: DecodingContext, field: JSONField, path: [any CodingKey]) throws {
        self.context = context
        self.codingPath = path
        self.isArray = field.kind == .array
        self.valueDecoder = FieldValueDecoder(context: context)
        let reader = context.acquireReader()
        let table: JSONFieldTable
        do {
            table = isArray ? try reader.parseArray(field.valueBytes.buffer) : try reader.parseObject(field.valueBytes.buffer)
        } catch {
            // Unreachable for a document the root reader accepted, but never trust that with external input.
            context.release(reader)
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: error.description))
        }
        self.reader = reader
        lookup = .allocate(capacity: 1)
        lookup.initialize(to: FieldLookup(table: table.pointers))
        context.keepAlive(self)
    }

    deinit {
        lookup.pointee.hints.deallocate()
        lookup.deinitialize(count: 1)
        lookup.deallocate()
        if let reader { context.release(reader) }
    }

    var table: FieldTablePointers { lookup.pointee.table }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard !isArray else {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath, debugDescription: "expected object, got array"))
        }
        guard reader == nil else { return KeyedDecodingContainer(ObjectContainer<Key>(decoder: self)) }
        if cachedKeyType == ObjectIdentifier(Key.self), let cachedContainer {
            return unsafeDowncast(cachedContainer, to: KeyedContainerHolder<Key>.self).container
        }
        let holder = KeyedContainerHolder(KeyedDecodingContainer(ObjectContainer<Key>(decoder: self)))
        cachedContainer = holder
        cachedKeyType = ObjectIdentifier(Key.self)
        return holder.container
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard isArray else {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "expected array, got object"))
        }
        return ArrayContainer(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        TableValueContainer(decoder: self)
    }

    /// A decoder for the value of `field`: a nested table decoder for objects and arrays, a value decoder otherwise.
    func decoder(for field: JSONField, key: any CodingKey) throws -> any Decoder {
        switch field.kind {
        case .object, .array:
            return try TableDecoder(nestedIn: context, field: field, path: codingPath + [key])
        default:
            let value = FieldValueDecoder(context: context)
            value.field = field
            value.path = codingPath
            value.key = key
            return value
        }
    }
}

/// A keyed container kept by a root ``TableDecoder`` for reuse (a class, so that it is stored without knowing `Key`).
private final class KeyedContainerHolder<Key: CodingKey> {
    let container: KeyedDecodingContainer<Key>

    init(_ container: KeyedDecodingContainer<Key>) {
        self.container = container
    }
}

/// The single-value view of a whole object or array: only non-primitive types (a wrapper around the object, a
/// collection) can decode from it.
struct TableValueContainer: SingleValueDecodingContainer {
    unowned(unsafe) let decoder: TableDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    private func mismatch(_ type: Any.Type, _ expected: String) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(expected), got \(decoder.isArray ? "array" : "object")"))
    }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { throw mismatch(type, "bool") }
    func decode(_ type: String.Type) throws -> String { throw mismatch(type, "string") }
    func decode(_ type: Double.Type) throws -> Double { throw mismatch(type, "number") }
    func decode(_ type: Float.Type) throws -> Float { throw mismatch(type, "number") }
    func decode(_ type: Int.Type) throws -> Int { throw mismatch(type, "integer") }
    func decode(_ type: Int8.Type) throws -> Int8 { throw mismatch(type, "integer") }
    func decode(_ type: Int16.Type) throws -> Int16 { throw mismatch(type, "integer") }
    func decode(_ type: Int32.Type) throws -> Int32 { throw mismatch(type, "integer") }
    func decode(_ type: Int64.Type) throws -> Int64 { throw mismatch(type, "integer") }
    func decode(_ type: UInt.Type) throws -> UInt { throw mismatch(type, "integer") }
    func decode(_ type: UInt8.Type) throws -> UInt8 { throw mismatch(type, "integer") }
    func decode(_ type: UInt16.Type) throws -> UInt16 { throw mismatch(type, "integer") }
    func decode(_ type: UInt32.Type) throws -> UInt32 { throw mismatch(type, "integer") }
    func decode(_ type: UInt64.Type) throws -> UInt64 { throw mismatch(type, "integer") }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }
}
