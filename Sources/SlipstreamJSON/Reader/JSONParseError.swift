import CSimdJSON

/// Why a document is not the JSON that was asked for, and where.
///
/// Its ``description`` is short and precise ("invalid JSON at byte 17: invalid number"), fit for a log line or a
/// dead-letter header.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Sendable, Hashable {
        /// The input holds no JSON value (empty or only whitespace).
        case empty
        /// The root is a valid value of another kind (an array where an object was expected, …).
        case unexpectedRoot(expected: JSONKind, got: JSONKind)
        /// An unexpected character or a broken structure (missing comma, colon, quote, bracket).
        case syntax
        /// The document ends before its root value is closed.
        case truncated
        /// Something follows the root value.
        case trailingContent
        /// The bytes are not valid UTF-8.
        case invalidUTF8
        /// A string has no closing quote.
        case unclosedString
        /// A string holds a raw control character (U+0000 to U+001F), which JSON requires to be escaped.
        case controlCharacter
        /// A string holds an invalid escape sequence or a lone UTF-16 surrogate.
        case invalidEscape
        /// A malformed number (`01`, `1.`, `-`, `.5`, `NaN`, …).
        case invalidNumber
        /// A number too large for a `Double` (`1e400`).
        case numberOutOfRange
        /// A malformed `true`, `false` or `null`.
        case invalidLiteral
        /// Nesting deeper than the reader's `maxDepth`.
        case tooDeep(limit: Int)
        /// A document larger than the reader's `maxDocumentBytes`.
        case tooLarge(bytes: Int, limit: Int)
        /// Memory ran out while parsing.
        case outOfMemory
        /// simdjson reported a failure this type has no name for.
        case other
    }

    /// What is wrong.
    public let reason: Reason

    /// The byte offset in the document where the problem was found, when known.
    public let offset: Int?

    public init(_ reason: Reason, offset: Int?) {
        self.reason = reason
        self.offset = offset
    }

    @usableFromInline
    init(_ result: slip_json_result, expected: JSONKind, documentLength: Int, limit: Int, depth: Int) {
        let offset = result.error_offset >= 0 ? Int(result.error_offset) : nil
        let reason: Reason
        switch Int(result.error) {
        case Int(SLIP_JSON_ERROR_EMPTY): reason = .empty
        case Int(SLIP_JSON_ERROR_ROOT_KIND):
            reason = .unexpectedRoot(expected: expected, got: JSONKind(cKind: UInt8(truncatingIfNeeded: result.root_kind)))
        case Int(SLIP_JSON_ERROR_SYNTAX): reason = .syntax
        case Int(SLIP_JSON_ERROR_TRUNCATED): reason = .truncated
        case Int(SLIP_JSON_ERROR_TRAILING): reason = .trailingContent
        case Int(SLIP_JSON_ERROR_UTF8): reason = .invalidUTF8
        case Int(SLIP_JSON_ERROR_UNCLOSED_STRING): reason = .unclosedString
        case Int(SLIP_JSON_ERROR_CONTROL_CHARACTER): reason = .controlCharacter
        case Int(SLIP_JSON_ERROR_ESCAPE): reason = .invalidEscape
        case Int(SLIP_JSON_ERROR_NUMBER): reason = .invalidNumber
        case Int(SLIP_JSON_ERROR_NUMBER_RANGE): reason = .numberOutOfRange
        case Int(SLIP_JSON_ERROR_LITERAL): reason = .invalidLiteral
        case Int(SLIP_JSON_ERROR_DEPTH): reason = .tooDeep(limit: depth)
        case Int(SLIP_JSON_ERROR_TOO_LARGE): reason = .tooLarge(bytes: documentLength, limit: limit)
        case Int(SLIP_JSON_ERROR_MEMORY): reason = .outOfMemory
        default: reason = .other
        }
        self.init(reason, offset: offset)
    }

    public var description: String {
        let what: String
        switch reason {
        case .empty: return "invalid JSON: empty document"
        case .unexpectedRoot(let expected, let got): return "expected a JSON \(expected), got \(got.withArticle)"
        case .tooLarge(let bytes, let limit): return "document of \(bytes) bytes exceeds the limit of \(limit) bytes"
        case .outOfMemory: return "out of memory parsing JSON"
        case .syntax: what = "unexpected character"
        case .truncated: what = "document ends early"
        case .trailingContent: what = "unexpected content after the root value"
        case .invalidUTF8: what = "invalid UTF-8"
        case .unclosedString: what = "unclosed string"
        case .controlCharacter: what = "unescaped control character in string"
        case .invalidEscape: what = "invalid escape sequence"
        case .invalidNumber: what = "invalid number"
        case .numberOutOfRange: what = "number out of range"
        case .invalidLiteral: what = "invalid literal"
        case .tooDeep(let limit): what = "nested deeper than \(limit) levels"
        case .other: what = "malformed document"
        }
        if let offset { return "invalid JSON at byte \(offset): \(what)" }
        return "invalid JSON: \(what)"
    }
}

extension JSONKind {
    var withArticle: String {
        switch self {
        case .null: "null"
        case .bool: "a bool"
        case .number: "a number"
        case .string: "a string"
        case .object: "an object"
        case .array: "an array"
        }
    }
}
