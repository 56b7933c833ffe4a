/// A contiguous run of bytes that can be handed to the producer without an intermediate copy.
///
/// Conforming types expose their storage for the duration of `withKafkaBytes`; the producer copies it into its
/// own queue (`RD_KAFKA_MSG_F_COPY`) before returning, so the caller may reuse its buffer at once.
public protocol KafkaBytes {
    func withKafkaBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: KafkaBytes where Element == UInt8 {
    public func withKafkaBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension ArraySlice: KafkaBytes where Element == UInt8 {
    public func withKafkaBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension ContiguousArray: KafkaBytes where Element == UInt8 {
    public func withKafkaBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension UnsafeRawBufferPointer: KafkaBytes {
    public func withKafkaBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(self) }
}

extension UnsafeBufferPointer: KafkaBytes where Element == UInt8 {
    public func withKafkaBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(self))
    }
}

extension String: KafkaBytes {
    /// Native Swift strings are contiguous UTF-8; bridged or lazily decoded ones are copied once.
    public func withKafkaBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return try Array(utf8).withUnsafeBytes(body)
    }
}

extension Substring: KafkaBytes {
    public func withKafkaBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return try Array(utf8).withUnsafeBytes(body)
    }
}
