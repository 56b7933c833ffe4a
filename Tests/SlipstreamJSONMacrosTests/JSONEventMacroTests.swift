import SlipstreamJSONMacros
import SwiftSyntax
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacrosGenericTestSupport
import Testing

/// What `@JSONEvent` expands to, and what it refuses.
@Suite("@JSONEvent expansion")
struct JSONEventMacroTests {
    static let macros = ["JSONEvent": MacroSpec(type: JSONEventMacro.self, conformances: ["JSONEventDecodable"])]

    func expect(
        _ source: String, expands expected: String, diagnostics: [DiagnosticSpec] = [],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        assertMacroExpansion(
            source, expandedSource: expected, diagnostics: diagnostics, macroSpecs: Self.macros,
            failureHandler: { Issue.record(Comment(rawValue: $0.message), sourceLocation: sourceLocation) })
    }

    /// Without CodingKeys in the body, the macro declares the ones synthesis would make (so that CodingKeys in an
    /// extension, whose keys it cannot read, fail to compile instead of decoding differently).
    @Test func readsEveryStoredPropertyUnderItsName() {
        expect(
            """
            @JSONEvent
            struct Event: Decodable {
                let id: String
                var amount: Double
                var count: Int32?
                var flag: Optional<Bool>
                var a, b: UInt8
                var `default`: String
                static var shared = 1
                var computed: Int { 1 }
                var observed: Int64 { didSet { } }
                let fixed = 3
            }
            """,
            expands: """
            struct Event: Decodable {
                let id: String
                var amount: Double
                var count: Int32?
                var flag: Optional<Bool>
                var a, b: UInt8
                var `default`: String
                static var shared = 1
                var computed: Int { 1 }
                var observed: Int64 { didSet { } }
                let fixed = 3

                enum CodingKeys: String, CodingKey {
                    case id, amount, count, flag, a, b, `default`, observed, fixed
                }
            }

            extension Event: SlipstreamJSON.JSONEventDecodable {
                init(jsonFields fields: SlipstreamJSON.JSONEventFields) throws(SlipstreamJSON.JSONDecodeError) {
                    self.id = try fields.decode(String.self, forKey: "id")
                    self.amount = try fields.decode(Double.self, forKey: "amount")
                    self.count = try fields.decodeIfPresent(Int32.self, forKey: "count")
                    self.flag = try fields.decodeIfPresent(Bool.self, forKey: "flag")
                    self.a = try fields.decode(UInt8.self, forKey: "a")
                    self.b = try fields.decode(UInt8.self, forKey: "b")
                    self.`default` = try fields.decode(String.self, forKey: "default")
                    self.observed = try fields.decode(Int64.self, forKey: "observed")
                }
            }
            """)
    }

    @Test func followsCodingKeysAndKeepsDefaults() {
        expect(
            #"""
            @JSONEvent
            public struct Payment: Decodable, Sendable {
                public var paymentID: String
                public var amount: Double
                public var note: String?
                public var receivedAt: Int64 = 0
                public var comment: String?

                enum CodingKeys: String, CodingKey {
                    case paymentID = "payment_id"
                    case amount, note = "the \"note\""
                }
            }
            """#,
            expands: #"""
            public struct Payment: Decodable, Sendable {
                public var paymentID: String
                public var amount: Double
                public var note: String?
                public var receivedAt: Int64 = 0
                public var comment: String?

                enum CodingKeys: String, CodingKey {
                    case paymentID = "payment_id"
                    case amount, note = "the \"note\""
                }
            }

            extension Payment: SlipstreamJSON.JSONEventDecodable {
                public init(jsonFields fields: SlipstreamJSON.JSONEventFields) throws(SlipstreamJSON.JSONDecodeError) {
                    self.paymentID = try fields.decode(String.self, forKey: "payment_id")
                    self.amount = try fields.decode(Double.self, forKey: "amount")
                    self.note = try fields.decodeIfPresent(String.self, forKey: #"the "note""#)
                }
            }
            """#)
    }

    @Test func otherTypesAreDecodedByTheirOwnTypeName() {
        expect(
            """
            @JSONEvent
            struct Order: Codable {
                var items: [Item]
                var placed: Date?
                enum CodingKeys: CodingKey {
                    case items, placed
                }
            }
            """,
            expands: """
            struct Order: Codable {
                var items: [Item]
                var placed: Date?
                enum CodingKeys: CodingKey {
                    case items, placed
                }
            }

            extension Order: SlipstreamJSON.JSONEventDecodable {
                init(jsonFields fields: SlipstreamJSON.JSONEventFields) throws(SlipstreamJSON.JSONDecodeError) {
                    self.items = try fields.decode([Item].self, forKey: "items")
                    self.placed = try fields.decodeIfPresent(Date.self, forKey: "placed")
                }
            }
            """)
    }

    @Test func refusesWhatItCannotReproduce() {
        expect(
            "@JSONEvent\nclass Event: Decodable {\n    var id: String\n}",
            expands: "class Event: Decodable {\n    var id: String\n}",
            diagnostics: [DiagnosticSpec(message: "@JSONEvent applies to a struct, not a class", line: 1, column: 1)])
        expect(
            "@JSONEvent\nenum Kind: String, Decodable {\n    case a\n}",
            expands: "enum Kind: String, Decodable {\n    case a\n}",
            diagnostics: [DiagnosticSpec(message: "@JSONEvent applies to a struct, not an enum", line: 1, column: 1)])
        expect(
            "@JSONEvent\nstruct Box<T: Decodable>: Decodable {\n    var value: T\n}",
            expands: "struct Box<T: Decodable>: Decodable {\n    var value: T\n}",
            diagnostics: [DiagnosticSpec(
                message: "@JSONEvent does not support generic structs; use JSONEventDecoder's Decodable path",
                line: 2, column: 11)])
        expect(
            """
            @JSONEvent
            struct Event: Decodable {
                var id: String
                init(from decoder: any Decoder) throws { id = "" }
            }
            """,
            expands: """
            struct Event: Decodable {
                var id: String
                init(from decoder: any Decoder) throws { id = "" }
            }
            """,
            diagnostics: [DiagnosticSpec(
                message: "@JSONEvent reproduces the synthesized Decodable initializer; a struct with its own init(from:) must use JSONEventDecoder's Decodable path",
                line: 4, column: 5)])
        expect(
            """
            @JSONEvent
            struct Event: Decodable {
                var id: String
                var time: Int64
                lazy var label: String = id
                @Clamped var level: Int
                var inferred = 1
                enum CodingKeys: String, CodingKey {
                    case id, label, level, inferred
                }
            }
            """,
            expands: """
            struct Event: Decodable {
                var id: String
                var time: Int64
                lazy var label: String = id
                @Clamped var level: Int
                var inferred = 1
                enum CodingKeys: String, CodingKey {
                    case id, label, level, inferred
                }
            }
            """,
            diagnostics: [
                DiagnosticSpec(message: "'time' is not in CodingKeys and has no default value, so it cannot be decoded", line: 4, column: 9),
                DiagnosticSpec(message: "@JSONEvent does not support the lazy property 'label'", line: 5, column: 5),
                DiagnosticSpec(message: "@JSONEvent does not support property wrappers ('level')", line: 6, column: 5),
                DiagnosticSpec(message: "@JSONEvent needs an explicit type for 'inferred'", line: 7, column: 9),
            ])
        expect(
            """
            @JSONEvent
            struct Event: Decodable {
                var id: String
                typealias CodingKeys = OtherKeys
            }
            """,
            expands: """
            struct Event: Decodable {
                var id: String
                typealias CodingKeys = OtherKeys
            }
            """,
            diagnostics: [DiagnosticSpec(message: "@JSONEvent reads CodingKeys only as an enum declared in the struct's body", line: 4, column: 5)])
        expect(
            """
            @JSONEvent
            struct Event: Decodable {
                var id: String
                #if DEBUG
                var trace: String = ""
                #endif
            }
            """,
            expands: """
            struct Event: Decodable {
                var id: String
                #if DEBUG
                var trace: String = ""
                #endif
            }
            """,
            diagnostics: [DiagnosticSpec(message: "@JSONEvent does not support stored properties declared inside #if", line: 4, column: 5)])
    }
}
