import CSimdJSON

/// Parses flat JSON documents (a JSON Lines line, a Kafka payload) into a reusable field table, with one call into
/// C per document and no allocation once its buffers have grown to the size of the documents seen. (After a
/// document over 1 MiB they return to their initial size at the next small one, so one large line does not pin
/// memory.)
///
/// ```swift
/// let reader = JSONReader()
/// for line in lines {
///     let fields = try reader.parseObject(line)          // valid until the next parse on `reader`
///     if let amount = fields["amount"]?.double { … }
///     if let country = fields["country"]?.string { hash(country.buffer) }   // bytes, no String made
/// }
/// ```
///
/// ## Lifetime
/// The ``JSONFieldTable`` a parse returns, and every ``JSONField`` and ``JSONBytes`` taken from it, point into memory
/// owned by the reader. They stay valid **until the next parse on the same reader**. The table keeps the reader
/// alive; fields and byte views do not, so keep them no longer than the table. Copy what must outlive that
/// (`String(bytes)`, `Array(bytes)`).
///
/// ## Input
/// The input bytes are copied into a padded buffer (simdjson reads up to 64 bytes past the end of a document, which
/// a payload cannot promise); the caller's buffer may be released as soon as the parse returns. For documents of a
/// few hundred bytes the copy costs a few nanoseconds.
///
/// ## Two paths, one result
/// A flat object (keys and strings without escape sequences; members that are strings, numbers, `true`, `false` or
/// `null`), the usual event, is read in one pass without simdjson. Every other document, and every invalid one, is
/// parsed by simdjson. For a given document both paths give the same table, to the bit, and the errors all come from
/// simdjson's path.
///
/// ## Validation
/// A document is accepted only if all of it is valid JSON (RFC 8259): UTF-8, escapes, numbers, literals, and the
/// contents of nested objects and arrays, which are reported as raw JSON text (``JSONKind/object``,
/// ``JSONKind/array``) and can be parsed further with another call. Numbers must fit a `Double`. Nesting deeper
/// than `maxDepth` levels is rejected, so hostile input cannot exhaust the stack.
///
/// ## Threads
/// A reader is not thread-safe and not `Sendable`: use one per thread (or per processor instance).
public final class JSONReader {
    @usableFromInline let parser: OpaquePointer

    /// The largest document this reader accepts, in bytes.
    public let maxDocumentBytes: Int

    /// The deepest nesting of objects and arrays accepted, the root counting as one level.
    public let maxDepth: Int

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - maxDocumentBytes: larger documents fail with ``JSONParseError/Reason/tooLarge`` instead of growing the
    ///     reader's buffers (which keep the size of the largest document parsed). Default 64 MiB.
    ///   - maxDepth: deeper nesting fails with ``JSONParseError/Reason/tooDeep``. Default 64.
    public init(maxDocumentBytes: Int = 64 << 20, maxDepth: Int = 64) {
        precondition(maxDocumentBytes > 0 && maxDepth > 0, "JSONReader limits must be positive")
        self.maxDocumentBytes = min(maxDocumentBytes, Int(UInt32.max))
        self.maxDepth = min(maxDepth, 1024)
        guard let parser = slip_json_parser_create(self.maxDocumentBytes, UInt32(self.maxDepth)) else {
            fatalError("JSONReader: out of memory creating a simdjson parser")
        }
        self.parser = parser
    }

    deinit {
        slip_json_parser_free(parser)
    }

    /// Whether flat objects are read in one pass before simdjson (on by default). Both paths give the same tables
    /// and the same errors; tests turn the fast path off to check that.
    var readsFlatObjectsInOnePass = true {
        didSet { slip_json_parser_set_flat_path(parser, readsFlatObjectsInOnePass ? 1 : 0) }
    }

    /// Parses a document whose root must be an object; the table holds one field per member, in document order.
    ///
    /// - Throws: ``JSONParseError`` when the bytes are not one valid JSON object.
    @inlinable
    public func parseObject(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONFieldTable {
        try parse(bytes, root: Int32(SLIP_JSON_ROOT_OBJECT))
    }

    /// Parses a document whose root must be an object (see ``parseObject(_:)-(UnsafeRawBufferPointer)``).
    @inlinable
    public func parseObject(_ bytes: some Sequence<UInt8>) throws(JSONParseError) -> JSONFieldTable {
        try parse(bytes, root: Int32(SLIP_JSON_ROOT_OBJECT))
    }

    /// Parses a document whose root must be an array; the table holds one field (with an empty key) per element.
    ///
    /// - Throws: ``JSONParseError`` when the bytes are not one valid JSON array.
    @inlinable
    public func parseArray(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONFieldTable {
        try parse(bytes, root: Int32(SLIP_JSON_ROOT_ARRAY))
    }

    /// Parses a document whose root must be an array (see ``parseArray(_:)-(UnsafeRawBufferPointer)``).
    @inlinable
    public func parseArray(_ bytes: some Sequence<UInt8>) throws(JSONParseError) -> JSONFieldTable {
        try parse(bytes, root: Int32(SLIP_JSON_ROOT_ARRAY))
    }

    @inlinable
    func parse(_ bytes: some Sequence<UInt8>, root: Int32) throws(JSONParseError) -> JSONFieldTable {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer), root: root) }
        }
        if let result { return try result.get() }
        // Sequences without contiguous storage (bridged strings, lazy views) pay one copy.
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) in try parse(buffer, root: root) }
        }.get()
    }

    @inlinable
    func parse(_ bytes: UnsafeRawBufferPointer, root: Int32) throws(JSONParseError) -> JSONFieldTable {
        var result = slip_json_result()
        let status = slip_json_parse(parser, bytes.baseAddress, bytes.count, root, &result)
        guard status == Int32(SLIP_JSON_OK) else {
            throw JSONParseError(
                result, expected: root == Int32(SLIP_JSON_ROOT_OBJECT) ? .object : .array,
                documentLength: bytes.count, limit: maxDocumentBytes, depth: maxDepth)
        }
        return JSONFieldTable(FieldTablePointers(result), owner: self)
    }
}

@available(*, unavailable, message: "A JSONReader is not thread-safe: use one per thread")
extension JSONReader: Sendable {}
