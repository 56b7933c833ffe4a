/// Decodes flat JSON events (a Kafka payload, a JSON Lines line) into `Decodable` Swift types, several times faster
/// than Foundation's `JSONDecoder`.
///
/// Adopting it is one line: any `Decodable` type works, synthesized conformances included.
///
/// ```swift
/// struct Payment: Decodable { let id: String; let amount: Double; let card: String; let time: Int64 }
///
/// let decoder = JSONEventDecoder()                  // one per thread; reuse it for every event
/// let payment = try decoder.decode(Payment.self, from: payloadBytes)
/// ```
///
/// For the fast path, mark the type `@JSONEvent` (see ``JSONEvent()``): its generated initializer reads the fields
/// directly instead of through `Decoder` (about 1.7 times as many events per second for a 10-field event), with the
/// same results and errors; `decode` picks it at compile time.
///
/// ## Speed
/// The document is parsed into a field table in one C call (a flat object whose keys and strings hold no escapes in
/// one pass, anything else by simdjson), then the type's `init(from:)` reads fields from that table by comparing
/// key bytes (no `String` is made for a key). The decoder remembers where each key was found in the previous
/// document, so a stream whose events share a key order costs one comparison per field, and it reuses its keyed
/// container from one document to the next. The only allocations per event are the `String` values longer than 15
/// bytes.
///
/// ## Errors
/// Every failure is a ``JSONDecodeError`` whose description names the field and the problem in a few words
/// (`missing field "amount"`, `field "amount": expected number, got string`, `invalid JSON at byte 17: invalid
/// number`), meant for logs and dead-letter headers. No input can crash the decoder.
///
/// ## JSON mapping
/// As Foundation's `JSONDecoder`: integers must be integral and in range (`3.0` decodes as `Int`, `3.5` does not);
/// `Float` values must be finite; `null` decodes as `nil` for optionals; an absent field is `nil` for optionals
/// (`decodeIfPresent`); `URL` decodes from a string, `Decimal` exactly from a number, `Date` per ``Options/dates``.
/// When a key occurs twice, the first occurrence is used. Keys are matched exactly (declare `CodingKeys` for
/// `snake_case` names). Nested objects and arrays decode too (each parsed by a pooled reader of its own), at some
/// cost; flat events are the fast path. The root must be an object.
///
/// ## Threads
/// Not thread-safe and not `Sendable`: use one decoder per thread or processor instance.
public final class JSONEventDecoder {
    /// Decoding options.
    public struct Options: @unchecked Sendable {
        /// How `Date` values are represented.
        public enum DateRepresentation: Sendable {
            /// A number of seconds since 2001-01-01 (Foundation's `deferredToDate`, the default).
            case secondsSinceReferenceDate
            /// A number of seconds since 1970-01-01 (Unix time).
            case secondsSince1970
            /// A number of milliseconds since 1970-01-01 (Kafka timestamps, JavaScript).
            case millisecondsSince1970
            /// An ISO 8601 string (`2024-05-01T12:00:00Z`, fractional seconds allowed).
            case iso8601
        }

        /// How `Date` values are represented. Default: seconds since 2001-01-01, as Foundation's `JSONDecoder`.
        public var dates: DateRepresentation = .secondsSinceReferenceDate

        /// Larger documents fail to decode. Default 64 MiB.
        public var maxDocumentBytes: Int = 64 << 20

        /// Deeper nesting fails to decode (the root counts as one level). Default 64.
        public var maxDepth: Int = 64

        /// Passed to `init(from:)` as `decoder.userInfo`. (Unchecked `Sendable`: the values are the caller's.)
        public var userInfo: [CodingUserInfoKey: Any] = [:]

        public init() {}
    }

    /// The options this decoder was made with.
    public let options: Options

    private let reader: JSONReader
    private let context: DecodingContext
    /// The root decoder, reused with its key-order hints for every document. (A constant, so that reaching it costs
    /// no exclusivity check.)
    private let root: TableDecoder

    public init(options: Options = Options()) {
        self.options = options
        self.reader = JSONReader(maxDocumentBytes: options.maxDocumentBytes, maxDepth: options.maxDepth)
        self.context = DecodingContext(options: options)
        self.root = TableDecoder(root: context, table: .empty)
    }

    /// Decodes one JSON object into a `T`.
    ///
    /// - Throws: ``JSONDecodeError``.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from bytes: UnsafeRawBufferPointer) throws(JSONDecodeError) -> T {
        try decode(type, from: parse(bytes))
    }

    /// Decodes one JSON object into a `T`.
    ///
    /// - Throws: ``JSONDecodeError``.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from bytes: some Sequence<UInt8>) throws(JSONDecodeError) -> T {
        try decode(type, from: parse(bytes))
    }

    /// Decodes an object already parsed by a ``JSONReader`` (for callers that also read fields directly). The
    /// table must still be valid (no parse on its reader since).
    ///
    /// - Throws: ``JSONDecodeError``.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from fields: JSONFieldTable) throws(JSONDecodeError) -> T {
        let decoder = rootDecoder(for: fields)
        defer { documentDone() }
        do {
            return try T(from: decoder)
        } catch {
            throw JSONDecodeError(error)
        }
    }

    // MARK: Shared by the Decodable and the JSONEventDecodable paths

    func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONDecodeError) -> JSONFieldTable {
        do {
            return try reader.parseObject(bytes)
        } catch {
            throw JSONDecodeError(error)
        }
    }

    func parse(_ bytes: some Sequence<UInt8>) throws(JSONDecodeError) -> JSONFieldTable {
        do {
            return try reader.parseObject(bytes)
        } catch {
            throw JSONDecodeError(error)
        }
    }

    /// The root decoder, pointed at `fields`.
    @inline(__always)
    func rootDecoder(for fields: JSONFieldTable) -> TableDecoder {
        root.lookup.pointee.reset(fields.pointers)
        return root
    }

    /// Releases what decoding the document's nested values kept alive.
    @inline(__always)
    func documentDone() {
        context.documentDone()
    }
}

@available(*, unavailable, message: "A JSONEventDecoder is not thread-safe: use one per thread")
extension JSONEventDecoder: Sendable {}
