/// A `Decoder` (and its own single-value container) over one scalar field: how enums with raw values, wrappers and
/// other non-primitive types decode from a string, number, bool or null. Being a class that is its own container,
/// it hands out its container without allocating.
final class FieldValueDecoder: Decoder, SingleValueDecodingContainer {
    let context: DecodingContext
    /// The field being decoded, its parent's path and its own key.
    var field: JSONField?
    var path: [any CodingKey] = []
    var key: (any CodingKey)?

    init(context: DecodingContext) {
        self.context = context
    }

    var codingPath: [any CodingKey] {
        guard let key else { return path }
        return path + [key]
    }

    var userInfo: [CodingUserInfoKey: Any] { context.options.userInfo }

    private var value: JSONField { field.unsafelyUnwrapped }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw value.mismatch([String: Any].self, expected: "object", path: codingPath)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw value.mismatch([Any].self, expected: "array", path: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try value.decodeBool(at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try value.decodeString(at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try value.decodeDouble(at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try value.decodeFloat(at: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try value.decodeInteger(type, at: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try value.decodeInteger(type, at: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try value.decodeInteger(type, at: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try value.decodeInteger(type, at: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try value.decodeInteger(type, at: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try value.decodeInteger(type, at: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try value.decodeInteger(type, at: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try value.decodeInteger(type, at: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try value.decodeInteger(type, at: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try value.decodeInteger(type, at: codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let special = try context.decodeSpecial(type, field: value, path: codingPath) { return special }
        return try T(from: self)
    }
}

@available(*, unavailable)
extension FieldValueDecoder: Sendable {}
