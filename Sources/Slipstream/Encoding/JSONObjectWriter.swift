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
public struct JSONObjectWriter {
    private var bytes: [UInt8]
    private var isFirst = true

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Appends `{`, the fields `body` writes, and `}` to `bytes`.
    public static func write(into bytes: inout [UInt8], _ body: (inout JSONObjectWriter) throws -> Void) rethrows {
        var writer = JSONObjectWriter(bytes: [])
        swap(&writer.bytes, &bytes)
        defer { swap(&writer.bytes, &bytes) }
        writer.bytes.append(UInt8(ascii: "{"))
        try body(&writer)
        writer.bytes.append(UInt8(ascii: "}"))
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

    /// A number field; `null` when not finite.
    public mutating func field(_ name: StaticString, _ value: Double) {
        key(name)
        if value.isFinite {
            bytes.append(contentsOf: value.description.utf8)
        } else {
            appendLiteral("null")
        }
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
        body(&bytes)
    }

    /// A field whose value is JSON text already (a nested object or array), copied as is.
    public mutating func rawField(_ name: StaticString, json: String) {
        key(name)
        bytes.append(contentsOf: json.utf8)
    }

    private mutating func key(_ name: StaticString) {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func appendLiteral(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        Self.appendEscaped(utf8, to: &bytes)
    }

    /// Appends UTF-8 text to `bytes` as the inside of a JSON string: quotes, backslashes and control characters
    /// escaped. For a writer's `rawField` body that writes strings of its own (an array of names, say).
    public static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var start = 0
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
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

    private mutating func appendInteger(_ value: Int64) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            while magnitude > 0 {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            bytes.append(contentsOf: buffer[index...])
        }
    }
}
