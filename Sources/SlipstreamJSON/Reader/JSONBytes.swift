#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A view of bytes inside a parsed document: a key, a string's content (unescaped), or a value's JSON text.
///
/// It does not own its bytes: it is valid until the next parse on the ``JSONReader`` that produced it (see the
/// reader's lifetime rules). Hash ``buffer`` directly, compare with `==` against a `String` or `StaticString`, or
/// make a `String` with ``string`` when one is wanted.
public struct JSONBytes: RandomAccessCollection {
    /// The bytes (valid UTF-8 for keys and strings).
    public let buffer: UnsafeRawBufferPointer

    @inlinable
    public init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { buffer.count }
    @inlinable public var count: Int { buffer.count }
    @inlinable public var isEmpty: Bool { buffer.isEmpty }

    @inlinable
    public subscript(position: Int) -> UInt8 {
        buffer[position]
    }

    @inlinable
    public func withContiguousStorageIfAvailable<R>(
        _ body: (UnsafeBufferPointer<UInt8>) throws -> R
    ) rethrows -> R? {
        try body(buffer.assumingMemoryBound(to: UInt8.self))
    }

    /// The bytes as a `String` (allocates for more than 15 bytes).
    @inlinable
    public var string: String {
        // The typed buffer takes the standard library's direct UTF-8 path; a raw buffer goes through a generic one.
        String(decoding: buffer.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    /// Whether the bytes equal `bytes`.
    @inlinable
    public func equals(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard count == buffer.count else { return false }
        guard count > 0, let a = buffer.baseAddress, let b = bytes.baseAddress else { return true }
        // Keys are short: compare (overlapping) words inline rather than calling memcmp.
        if count >= 8 {
            if count > 32 { return memcmp(a, b, count) == 0 }
            var i = 0
            while i &+ 8 < count {
                if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i &+= 8
            }
            return a.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
        }
        var i = 0
        while i < count {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i &+= 1
        }
        return true
    }

    /// Whether the bytes are the UTF-8 encoding of `string`.
    @inlinable
    public static func == (lhs: JSONBytes, rhs: StaticString) -> Bool {
        guard rhs.hasPointerRepresentation else {
            return rhs.withUTF8Buffer { lhs.equals(UnsafeRawBufferPointer($0)) }
        }
        return lhs.equals(UnsafeRawBufferPointer(start: rhs.utf8Start, count: rhs.utf8CodeUnitCount))
    }

    /// Whether the bytes are the UTF-8 encoding of `string`.
    @inlinable
    public static func == (lhs: JSONBytes, rhs: String) -> Bool {
        var rhs = rhs
        return rhs.withUTF8 { lhs.equals(UnsafeRawBufferPointer($0)) }
    }
}

extension JSONBytes: CustomStringConvertible {
    public var description: String { string }
}

@available(*, unavailable, message: "JSONBytes points into a reader's buffers, which belong to one thread")
extension JSONBytes: Sendable {}
