/// Why a document did not decode into the requested type: short and precise, fit for a dead-letter header.
///
/// Examples of ``description``:
/// - `missing field "amount"`
/// - `field "amount": expected number, got string`
/// - `field "items[2].qty": expected integer, got 2.5`
/// - `field "age": 300 is out of range for UInt8`
/// - `invalid JSON at byte 17: invalid number`
public struct JSONDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Reason: Sendable, Hashable {
        /// The bytes are not a valid JSON object.
        case invalidJSON(JSONParseError)
        /// A required field is absent.
        case missingField
        /// A field holds a value of another kind than the type needs (including `null` for a non-optional).
        case typeMismatch
        /// A field holds a value of the right kind that the type rejects (out of range, not an integer, an unknown
        /// enum case, or a check in the type's own `init(from:)`).
        case invalidValue
    }

    /// The kind of failure.
    public let reason: Reason

    /// The path of the offending field (`amount`, `user.id`, `items[2].qty`); empty for the document itself.
    public let field: String

    /// What is wrong with the field, without its name (`expected number, got string`).
    public let message: String

    public init(reason: Reason, field: String, message: String) {
        self.reason = reason
        self.field = field
        self.message = message
    }

    public var description: String {
        switch reason {
        case .invalidJSON(let error): return error.description
        case .missingField: return "missing field \"\(field)\""
        default: return field.isEmpty ? message : "field \"\(field)\": \(message)"
        }
    }
}

extension JSONDecodeError {
    init(_ error: JSONParseError) {
        self.init(reason: .invalidJSON(error), field: "", message: error.description)
    }

    /// Translates whatever a `Decodable` initializer threw: our containers throw `DecodingError`s (so that types
    /// which catch them keep working), and the type's own code may throw anything.
    init(_ error: any Error) {
        if let error = error as? JSONDecodeError {
            self = error
            return
        }
        if let error = error as? JSONParseError {
            self.init(error)
            return
        }
        guard let error = error as? DecodingError else {
            self.init(reason: .invalidValue, field: "", message: String(describing: error))
            return
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(reason: .missingField, field: Self.path(context.codingPath + [key]), message: "missing")
        case .valueNotFound(_, let context):
            self.init(reason: .typeMismatch, field: Self.path(context.codingPath), message: context.debugDescription)
        case .typeMismatch(_, let context):
            self.init(reason: .typeMismatch, field: Self.path(context.codingPath), message: context.debugDescription)
        case .dataCorrupted(let context):
            self.init(reason: .invalidValue, field: Self.path(context.codingPath), message: context.debugDescription)
        @unknown default:
            self.init(reason: .invalidValue, field: "", message: String(describing: error))
        }
    }

    /// `user.address.city`, `items[2].qty`.
    static func path(_ keys: [any CodingKey]) -> String {
        var path = ""
        for key in keys {
            if let index = key.intValue, key is IndexKey {
                path += "[\(index)]"
            } else {
                if !path.isEmpty { path += "." }
                path += key.stringValue
            }
        }
        return path
    }
}

/// The coding key of an array element.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }

    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}
