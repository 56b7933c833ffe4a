import CSimdJSON

/// The conversions from a parsed field to Swift's primitive types, shared by every container, and the precise
/// `DecodingError`s they throw. The messages are the ones ``JSONDecodeError`` carries to the user.
extension JSONField {
    @inline(__always)
    func decodeBool(at path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        switch entry.kind {
        case UInt8(SLIP_JSON_TRUE): return true
        case UInt8(SLIP_JSON_FALSE): return false
        default: throw mismatch(Bool.self, expected: "bool", path: path())
        }
    }

    @inline(__always)
    func decodeString(at path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard entry.kind == UInt8(SLIP_JSON_STRING) else { throw mismatch(String.self, expected: "string", path: path()) }
        return valueBytes.string
    }

    @inline(__always)
    func decodeDouble(at path: @autoclosure () -> [any CodingKey]) throws -> Double {
        guard entry.kind == UInt8(SLIP_JSON_NUMBER) else { throw mismatch(Double.self, expected: "number", path: path()) }
        return entry.number
    }

    @inline(__always)
    func decodeFloat(at path: @autoclosure () -> [any CodingKey]) throws -> Float {
        guard entry.kind == UInt8(SLIP_JSON_NUMBER) else { throw mismatch(Float.self, expected: "number", path: path()) }
        let value = Float(entry.number)
        guard value.isFinite else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: path(), debugDescription: "\(valueText) is out of range for Float"))
        }
        return value
    }

    @inline(__always)
    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type, at path: @autoclosure () -> [any CodingKey]) throws -> T {
        if entry.flags & UInt8(SLIP_JSON_EXACT_INTEGER) != 0, let value = T(exactly: entry.integer) {
            return value
        }
        return try decodeIntegerSlowly(type, at: path())
    }

    /// Integers above `Int64.max` (for `UInt64`) and the errors.
    func decodeIntegerSlowly<T: FixedWidthInteger>(_ type: T.Type, at path: [any CodingKey]) throws -> T {
        guard entry.kind == UInt8(SLIP_JSON_NUMBER) else { throw mismatch(T.self, expected: "integer", path: path) }
        let text = valueText
        if entry.flags & UInt8(SLIP_JSON_EXACT_INTEGER) == 0, !T.isSigned, let value = T(text) {
            return value
        }
        guard entry.number.rounded(.towardZero) == entry.number else {
            throw DecodingError.typeMismatch(T.self, .init(codingPath: path, debugDescription: "expected integer, got \(text)"))
        }
        throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "\(text) is out of range for \(T.self)"))
    }

    /// The value as it reads in an error message: a number's text (shortened), or its kind.
    var valueText: String {
        switch kind {
        case .number:
            let text = valueBytes.string
            return text.count <= 40 ? text : String(text.prefix(37)) + "..."
        default:
            return kind.description
        }
    }

    func mismatch(_ type: Any.Type, expected: String, path: [any CodingKey]) -> DecodingError {
        let message = "expected \(expected), got \(valueText)"
        if isNull { return DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: message)) }
        return DecodingError.typeMismatch(type, .init(codingPath: path, debugDescription: message))
    }
}
