import SwiftDiagnostics

/// What `@JSONEvent` cannot handle, said so that the fix is obvious.
enum JSONEventDiagnostic: DiagnosticMessage {
    case notAStruct(kind: String)
    case generic
    case customDecoderInit
    case codingKeysNotEnum
    case rawValueNotLiteral
    case notInCodingKeys(String)
    case lazy(String)
    case propertyWrapper(String)
    case noType(String)
    case tuplePattern
    case conditionalProperties

    var message: String {
        switch self {
        case .notAStruct(let kind):
            "@JSONEvent applies to a struct, not \(kind)"
        case .generic:
            "@JSONEvent does not support generic structs; use JSONEventDecoder's Decodable path"
        case .customDecoderInit:
            "@JSONEvent reproduces the synthesized Decodable initializer; a struct with its own init(from:) must use JSONEventDecoder's Decodable path"
        case .codingKeysNotEnum:
            "@JSONEvent reads CodingKeys only as an enum declared in the struct's body"
        case .rawValueNotLiteral:
            "@JSONEvent needs each CodingKeys raw value to be a plain string literal"
        case .notInCodingKeys(let name):
            "'\(name)' is not in CodingKeys and has no default value, so it cannot be decoded"
        case .lazy(let name):
            "@JSONEvent does not support the lazy property '\(name)'"
        case .propertyWrapper(let name):
            "@JSONEvent does not support property wrappers ('\(name)')"
        case .noType(let name):
            "@JSONEvent needs an explicit type for '\(name)'"
        case .tuplePattern:
            "@JSONEvent needs one property per declaration here, not a tuple pattern"
        case .conditionalProperties:
            "@JSONEvent does not support stored properties declared inside #if"
        }
    }

    var diagnosticID: MessageID {
        let id: String
        switch self {
        case .notAStruct: id = "notAStruct"
        case .generic: id = "generic"
        case .customDecoderInit: id = "customDecoderInit"
        case .codingKeysNotEnum: id = "codingKeysNotEnum"
        case .rawValueNotLiteral: id = "rawValueNotLiteral"
        case .notInCodingKeys: id = "notInCodingKeys"
        case .lazy: id = "lazy"
        case .propertyWrapper: id = "propertyWrapper"
        case .noType: id = "noType"
        case .tuplePattern: id = "tuplePattern"
        case .conditionalProperties: id = "conditionalProperties"
        }
        return MessageID(domain: "SlipstreamJSONMacros", id: id)
    }

    var severity: DiagnosticSeverity { .error }
}
