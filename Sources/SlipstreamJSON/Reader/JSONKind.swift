import CSimdJSON

/// The kind of a JSON value in a ``JSONFieldTable``.
public enum JSONKind: UInt8, Sendable, Hashable, CustomStringConvertible {
    case null
    case bool
    case number
    case string
    case object
    case array

    @inlinable
    init(cKind: UInt8) {
        switch cKind {
        case UInt8(SLIP_JSON_NULL): self = .null
        case UInt8(SLIP_JSON_FALSE), UInt8(SLIP_JSON_TRUE): self = .bool
        case UInt8(SLIP_JSON_NUMBER): self = .number
        case UInt8(SLIP_JSON_STRING): self = .string
        case UInt8(SLIP_JSON_OBJECT): self = .object
        default: self = .array
        }
    }

    /// The kind's name as error messages use it ("number", "string", …).
    public var description: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .object: "object"
        case .array: "array"
        }
    }
}
