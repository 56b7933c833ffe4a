/// Messages gathered for one `KafkaProducer.send(_:to:id:)` call: every key and value is written into one
/// reusable byte buffer, so a batch of any size costs no allocation once the buffers have grown, and librdkafka
/// takes the whole batch in one call (one topic lock and one clock read instead of one per message).
///
/// Reuse one batch: `removeAll()` keeps the capacity. Send a batch once it holds a few MiB (``byteCount``): its
/// offsets are 32-bit, and librdkafka copies it whole before the call returns.
public struct KafkaMessageBatch: Sendable {
    /// Keys and values, back to back.
    @usableFromInline var bytes: [UInt8] = []
    /// Where each message's key and value lie in `bytes`; a key length of -1 is no key.
    @usableFromInline var spans: [Span] = []

    @usableFromInline
    struct Span: Sendable {
        @usableFromInline var keyStart: Int32
        @usableFromInline var keyLength: Int32
        @usableFromInline var valueStart: Int32
        @usableFromInline var valueLength: Int32

        @inlinable
        init(keyStart: Int32, keyLength: Int32, valueStart: Int32, valueLength: Int32) {
            self.keyStart = keyStart
            self.keyLength = keyLength
            self.valueStart = valueStart
            self.valueLength = valueLength
        }
    }

    public init() {}

    /// Messages in the batch.
    @inlinable public var count: Int { spans.count }

    @inlinable public var isEmpty: Bool { spans.isEmpty }

    /// Key and value bytes in the batch.
    @inlinable public var byteCount: Int { bytes.count }

    /// Empties the batch, keeping its buffers.
    @inlinable
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }

    /// Adds a message: `key` (nil for none) and the value `writeValue` appends to the buffer it is given.
    /// When `writeValue` throws, the batch is left as it was.
    @inlinable
    public mutating func append<E: Error>(
        key: UnsafeRawBufferPointer?, writeValue: (inout [UInt8]) throws(E) -> Void
    ) throws(E) {
        let start = bytes.count
        var keyLength: Int32 = -1
        if let key {
            bytes.append(contentsOf: key)
            keyLength = Int32(truncatingIfNeeded: key.count)
        }
        let valueStart = bytes.count
        do {
            try writeValue(&bytes)
        } catch {
            bytes.removeSubrange(start...)
            throw error
        }
        spans.append(
            Span(
                keyStart: Int32(truncatingIfNeeded: start), keyLength: keyLength,
                valueStart: Int32(truncatingIfNeeded: valueStart),
                valueLength: Int32(truncatingIfNeeded: bytes.count - valueStart)))
    }

    /// Adds a message with `key` (nil for none) and `value`.
    @inlinable
    public mutating func append(key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer) {
        append(key: key) { (bytes: inout [UInt8]) in bytes.append(contentsOf: value) }
    }
}
