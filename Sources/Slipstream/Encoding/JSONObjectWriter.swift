/// Appends one flat JSON object to a byte buffer, field by field, without building strings: the fast way to
/// write events for Kafka or JSON Lines.
///
/// ```swift
/// JSONObjectWriter.write(into: &bytes) { object in
///     object.field("id", payment.id)
///     object.field("score", 0.93)
///     object.field("flagged", true)
/// }
/// // {"id":"p-1","score":0.93,"flagged":true}
/// ```
///
/// Strings are escaped as JSON requires; non-finite numbers are written as `null`.
///
/// The object is built in a scratch buffer on the stack (moved to the heap if it outgrows it) and appended to the
/// byte buffer in one copy when it is complete: appending each key, quote and digit to the array itself cost a
/// uniqueness and capacity check every time. A writer only exists inside ``write(into:_:)``.
public struct JSONObjectWriter: ~Copyable {
    /// Where the object goes: once complete, and before a raw field, whose body appends there itself.
    private let destination: UnsafeMutablePointer<[UInt8]>
    /// The object's bytes not yet appended to `destination`: `base[0..<count]`.
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Whether `base` was allocated on the heap by ``grow(toHold:)`` (otherwise it is the caller's stack buffer).
    private var ownsBase = false
    private var isFirst = true

    /// Bytes of stack scratch per object; larger objects move to the heap.
    private static var stackCapacity: Int { 512 }

    private init(destination: UnsafeMutablePointer<[UInt8]>, scratch: UnsafeMutableBufferPointer<UInt8>) {
        self.destination = destination
        self.base = scratch.baseAddress!
        self.capacity = scratch.count
    }

    /// Appends `{`, the fields `body` writes, and `}` to `bytes`. If `body` throws, nothing of the object is
    /// appended (unless a raw field had been written: what came before it was appended then).
    public static func write(into bytes: inout [UInt8], _ body: (inout JSONObjectWriter) throws -> Void) rethrows {
        try withUnsafeMutablePointer(to: &bytes) { destination in
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stackCapacity) { scratch in
                var writer = JSONObjectWriter(destination: destination, scratch: scratch)
                defer { writer.releaseHeap() }
                writer.appendByte(UInt8(ascii: "{"))
                try body(&writer)
                writer.appendByte(UInt8(ascii: "}"))
                writer.flush()
            }
        }
    }

    /// A string field.
    public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        appendString(value)
    }

    /// An integer field.
    public mutating func field(_ name: StaticString, _ value: Int64) {
        key(name)
        appendInteger(value)
    }

    /// An integer field.
    public mutating func field(_ name: StaticString, _ value: Int) {
        field(name, Int64(value))
    }

    /// A number field, in Swift's shortest round-trip form (`0.1`, `3.0`, `1e+300`); `null` when not finite.
    public mutating func field(_ name: StaticString, _ value: Double) {
        key(name)
        guard value.isFinite else {
            appendLiteral("null")
            return
        }
        // Double prints its ASCII text into the stream in one piece; `description` would make a String of it first,
        // which allocates for most values (over 15 characters).
        var stream = DoubleText()
        value.write(to: &stream)
        stream.withBytes { appendBytes($0) }
    }

    /// A boolean field.
    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        appendLiteral(value ? "true" : "false")
    }

    /// A `null` field.
    public mutating func nullField(_ name: StaticString) {
        key(name)
        appendLiteral("null")
    }

    /// A field whose value `body` appends as JSON text of its own (an array, a nested object) to the output,
    /// with no intermediate string.
    public mutating func rawField(_ name: StaticString, writing body: (inout [UInt8]) -> Void) {
        key(name)
        flush()
        body(&destination.pointee)
    }

    /// A field whose value is JSON text already (a nested object or array), copied as is.
    public mutating func rawField(_ name: StaticString, json: String) {
        key(name)
        var json = json
        json.withUTF8 { appendBytes($0) }
    }

    // MARK: - Text

    private mutating func key(_ name: StaticString) {
        let comma = !isFirst
        isFirst = false
        let utf8 = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        guard !Self.needsEscaping(utf8) else {
            if comma { appendByte(UInt8(ascii: ",")) }
            appendByte(UInt8(ascii: "\""))
            appendEscapedText(utf8)
            appendByte(UInt8(ascii: "\""))
            appendByte(UInt8(ascii: ":"))
            return
        }
        // `,"name":` in one write.
        var at = reserve(utf8.count &+ 4)
        if comma {
            at.initialize(to: UInt8(ascii: ","))
            at += 1
        }
        at.initialize(to: UInt8(ascii: "\""))
        at += 1
        if let source = utf8.baseAddress { at.initialize(from: source, count: utf8.count) }
        at += utf8.count
        at.initialize(to: UInt8(ascii: "\""))
        (at + 1).initialize(to: UInt8(ascii: ":"))
        count = at + 2 - base
    }

    private mutating func appendString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            guard !Self.needsEscaping(utf8) else {
                appendByte(UInt8(ascii: "\""))
                appendEscapedText(utf8)
                appendByte(UInt8(ascii: "\""))
                return
            }
            // The usual string, with nothing to escape: quotes and text in one write.
            let output = reserve(utf8.count &+ 2)
            output.initialize(to: UInt8(ascii: "\""))
            if let source = utf8.baseAddress { (output + 1).initialize(from: source, count: utf8.count) }
            (output + 1 + utf8.count).initialize(to: UInt8(ascii: "\""))
            count &+= utf8.count &+ 2
        }
    }

    private mutating func appendInteger(_ value: Int64) {
        // A sign and 19 digits at most, written from the last digit back, then moved to the front.
        let output = reserve(20)
        var magnitude = value.magnitude
        var at = output + 20
        repeat {
            at -= 1
            at.initialize(to: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            at -= 1
            at.initialize(to: UInt8(ascii: "-"))
        }
        let length = output + 20 - at
        if at != output { output.update(from: at, count: length) }
        count &+= length
    }

    private mutating func appendLiteral(_ literal: StaticString) {
        appendBytes(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends the inside of a JSON string, escaped (the rare path: most text has nothing to escape).
    private mutating func appendEscapedText(_ utf8: UnsafeBufferPointer<UInt8>) {
        var escaped: [UInt8] = []
        Self.appendEscaped(utf8, to: &escaped)
        escaped.withUnsafeBufferPointer { appendBytes($0) }
    }

    // MARK: - Scratch buffer

    /// Room for `length` more bytes at the end of the scratch buffer, where the next bytes go.
    @inline(__always)
    private mutating func reserve(_ length: Int) -> UnsafeMutablePointer<UInt8> {
        if count &+ length > capacity { grow(toHold: count &+ length) }
        return base + count
    }

    private mutating func appendByte(_ byte: UInt8) {
        reserve(1).initialize(to: byte)
        count &+= 1
    }

    private mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count).initialize(from: source, count: bytes.count)
        count &+= bytes.count
    }

    private mutating func grow(toHold needed: Int) {
        let newCapacity = max(capacity * 2, needed)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        releaseHeap()
        base = newBase
        capacity = newCapacity
        ownsBase = true
    }

    private mutating func releaseHeap() {
        if ownsBase { base.deallocate() }
        ownsBase = false
    }

    /// Appends what the scratch buffer holds to the destination.
    private mutating func flush() {
        destination.pointee.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        count = 0
    }

    // MARK: - Escaping

    /// Whether `utf8` holds a byte JSON escapes. Eight bytes at a time: every key and most values are checked,
    /// and a byte-by-byte scan cost more than writing them.
    private static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = utf8.count
        guard count >= 8 else {
            guard count > 0 else { return false }
            // Padded with spaces, which need no escape.
            var word: UInt64 = 0x2020_2020_2020_2020
            withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(utf8)) }
            return hasEscapedByte(UInt64(littleEndian: word))
        }
        let raw = UnsafeRawPointer(utf8.baseAddress!)
        var offset = 0
        while offset &+ 8 < count {
            if hasEscapedByte(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))) {
                return true
            }
            offset &+= 8
        }
        // The last eight bytes, overlapping what was checked.
        return hasEscapedByte(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)))
    }

    /// Whether one of the eight bytes of `word` is below 0x20, a quote or a backslash.
    @inline(__always)
    private static func hasEscapedByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A byte below 0x20 sets its high bit in `word - 0x20…` while its own is clear; a byte equal to a quote or
        // a backslash is zero after the exclusive or. Where no byte qualifies, no borrow crosses a byte, so a set
        // bit is exact.
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroed = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
        return (control | zeroed & highs) != 0
    }

    /// A quote, a backslash or a control character: what a JSON string escapes.
    private static func isEscaped(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Appends UTF-8 text to `bytes` as the inside of a JSON string: quotes, backslashes and control characters
    /// escaped. For a writer's `rawField` body that writes strings of its own (an array of names, say).
    public static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var start = 0
        for index in utf8.indices {
            let byte = utf8[index]
            guard isEscaped(byte) else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
            start = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10 }
                bytes.append(UInt8(ascii: "u"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(hex(byte >> 4))
                bytes.append(hex(byte & 0xF))
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
    }
}

/// The stream a Double prints itself to: the ASCII text of its shortest round-trip form, at most 24 bytes
/// (`-2.2250738585072014e-308`), kept inline.
private struct DoubleText: TextOutputStream {
    private var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var count = 0

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { _writeASCII($0) }
    }

    // TextOutputStream's entry point for ASCII text (what numbers print through); without it, the default
    // makes a String of the bytes and calls `write(_:)`.
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        let room = MemoryLayout.size(ofValue: storage) - count
        let length = min(buffer.count, room)
        guard length > 0, let source = buffer.baseAddress else { return }
        let start = count
        withUnsafeMutableBytes(of: &storage) { bytes in
            bytes.baseAddress!.advanced(by: start).copyMemory(from: source, byteCount: length)
        }
        count += length
    }

    mutating func withBytes(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let length = count
        withUnsafeBytes(of: &storage) { bytes in
            body(UnsafeBufferPointer(start: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length))
        }
    }
}
