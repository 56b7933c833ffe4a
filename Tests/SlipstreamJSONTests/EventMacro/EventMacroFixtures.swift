import Foundation
import SlipstreamJSON

/// Types decoded by both paths in the `@JSONEvent` tests: every supported primitive, their optionals, renamed
/// keys with skipped defaults, and fields that fall back to the `Decodable` path.

@JSONEvent
struct AllPrimitives: Decodable, Equatable {
    var s: String
    var b: Bool
    var d: Double
    var f: Float
    var i: Int
    var i8: Int8
    var i16: Int16
    var i32: Int32
    var i64: Int64
    var u: UInt
    var u8: UInt8
    var u16: UInt16
    var u32: UInt32
    var u64: UInt64
}

@JSONEvent
struct AllOptionals: Decodable, Equatable {
    var s: String?
    var b: Bool?
    var d: Double?
    var f: Float?
    var i: Int?
    var i8: Int8?
    var i16: Int16?
    var i32: Int32?
    var i64: Int64?
    var u: UInt?
    var u8: Optional<UInt8>
    var u16: UInt16?
    var u32: UInt32?
    var u64: UInt64?
}

@JSONEvent
struct RenamedEvent: Decodable, Equatable {
    let paymentID: String
    var amount: Double
    var note: String?
    var count: Int32
    /// Not in CodingKeys: keeps its default.
    var receivedAt: Int64 = 7
    /// Not in CodingKeys, optional: nil.
    var comment: String?
    /// A `let` with a value is never decoded.
    let version: Int = 3

    enum CodingKeys: String, CodingKey {
        case paymentID = "payment_id"
        case amount
        case note = "the \"note\""
        case count = "n"
    }
}

enum EventKind: String, Decodable, Equatable {
    case click, view
}

struct Inner: Decodable, Equatable {
    var x: Int
    var y: String?
}

@JSONEvent
struct MixedEvent: Decodable, Equatable {
    typealias MaybeCount = Int?
    typealias Amount = Double

    var id: String
    var kind: EventKind
    var tags: [String]
    var inner: Inner?
    var at: Date
    var maybe: MaybeCount
    var amount: Amount
    var `default`: Bool
}

/// A public event, as a pipeline's would be: the generated initializer must be public too.
@JSONEvent
public struct PublicEvent: Decodable, Equatable, Sendable {
    public var id: String
    public var time: Int64
}
