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

    /// A number field, in Swift's shortest round-trip form (`0.1`, `3.0`, `1e+300`); `null` when not finite.
    public mutating func field(_ name: StaticString, _ value: Double) {
        key(name)
        guard value.isFinite else {
            appendLiteral("null")
            return
        }
        if appendShortDecimal(value) { return }
        // Double prints itself into a stack buffer and hands the stream its ASCII bytes; `description` would make
        // a String of them first, which allocates for most values (over 15 characters).
        var stream = ByteStream()
        swap(&stream.bytes, &bytes)
        value.write(to: &stream)
        swap(&stream.bytes, &bytes)
    }

    /// A number field for `thousandths / 1000` (microseconds written as milliseconds, say): the same bytes as
    /// ``field(_:_:)-(_,Double)`` writes for `Double(thousandths) / 1000` (`0.42`, `3.0`, `12.345`), made with
    /// integer arithmetic instead of the shortest round-trip printer, which costs several hundred instructions.
    public mutating func field(_ name: StaticString, thousandths: Int64) {
        // Within ±1e9 a value with three decimals is its own shortest round-trip form: the Double's spacing is far
        // below 0.001, so no shorter decimal rounds to it. Beyond that, the printer decides.
        guard thousandths.magnitude <= 1_000_000_000_000 else {
            field(name, Double(thousandths) / 1_000)
            return
        }
        key(name)
        appendWrittenBackwards { buffer, index in
            var fraction = thousandths.magnitude % 1_000
            if fraction == 0 {
                Self.put(UInt8(ascii: "0"), in: buffer, before: &index)
            } else {
                // The fraction's three digits without their trailing zeros.
                var count = 3
                while fraction % 10 == 0 {
                    fraction /= 10
                    count &-= 1
                }
                for _ in 0..<count {
                    Self.put(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10), in: buffer, before: &index)
                    fraction /= 10
                }
            }
            Self.put(UInt8(ascii: "."), in: buffer, before: &index)
            Self.putDigits(of: thousandths.magnitude / 1_000, in: buffer, before: &index)
            if thousandths < 0 { Self.put(UInt8(ascii: "-"), in: buffer, before: &index) }
        }
    }

    /// Appends `value` when its shortest round-trip form has at most six decimals (amounts, rates, rounded
    /// scores: most numbers a pipeline writes), with the bytes Swift's printer makes for it; otherwise appends
    /// nothing and returns false. The printer costs several hundred instructions; this, a few dozen.
    ///
    /// Why the bytes are the printer's: between 0.001 and 1e9 Swift prints without an exponent, and a Double's
    /// spacing there is below 1.2e-7. So the decimals of `value × 10⁶` rounded are exact whenever the shortest form
    /// has at most six of them, and dropping its trailing zeros leaves the fewest decimals any form can have. The
    /// division checks that this decimal rounds to `value` (an exact integer over an exact power of ten, correctly
    /// rounded); when it does, no other decimal with as few digits can, as they are all 10⁻ᵏ or more apart.
    private mutating func appendShortDecimal(_ value: Double) -> Bool {
        let magnitude = value.magnitude
        guard magnitude >= 0.001, magnitude < 1e9 else { return false }
        var digits = UInt64((magnitude * 1e6).rounded())
        var decimals = 6
        while decimals > 0 && digits % 10 == 0 {
            digits /= 10
            decimals &-= 1
        }
        let scale: Double
        switch decimals {
        case 0: scale = 1
        case 1: scale = 10
        case 2: scale = 100
        case 3: scale = 1_000
        case 4: scale = 10_000
        case 5: scale = 100_000
        default: scale = 1_000_000
        }
        guard Double(digits) / scale == magnitude else { return false }
        appendWrittenBackwards { buffer, index in
            if decimals == 0 {
                Self.put(UInt8(ascii: "0"), in: buffer, before: &index)
            } else {
                for _ in 0..<decimals {
                    Self.put(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: digits % 10), in: buffer, before: &index)
                    digits /= 10
                }
            }
            Self.put(UInt8(ascii: "."), in: buffer, before: &index)
            Self.putDigits(of: digits, in: buffer, before: &index)
            if value < 0 { Self.put(UInt8(ascii: "-"), in: buffer, before: &index) }
        }
        return true
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
        let comma = !isFirst
        isFirst = false
        name.withUTF8Buffer { name in
            guard !Self.needsEscaping(name) else {
                if comma { bytes.append(UInt8(ascii: ",")) }
                bytes.append(UInt8(ascii: "\""))
                appendEscaped(name)
                bytes.append(UInt8(ascii: "\""))
                bytes.append(UInt8(ascii: ":"))
                return
            }
            // `,"name":` in one write.
            Self.append(to: &bytes, atMost: name.count &+ 4) { output in
                var at = output
                if comma {
                    at.initialize(to: UInt8(ascii: ","))
                    at += 1
                }
                at.initialize(to: UInt8(ascii: "\""))
                at += 1
                if let source = name.baseAddress { at.initialize(from: source, count: name.count) }
                at += name.count
                at.initialize(to: UInt8(ascii: "\""))
                (at + 1).initialize(to: UInt8(ascii: ":"))
                return at + 2 - output
            }
        }
    }

    private mutating func appendLiteral(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func appendString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            guard !Self.needsEscaping(utf8) else {
                bytes.append(UInt8(ascii: "\""))
                appendEscaped(utf8)
                bytes.append(UInt8(ascii: "\""))
                return
            }
            // The usual string, with nothing to escape: quotes and text in one write.
            Self.append(to: &bytes, atMost: utf8.count &+ 2) { output in
                output.initialize(to: UInt8(ascii: "\""))
                if let source = utf8.baseAddress { (output + 1).initialize(from: source, count: utf8.count) }
                (output + 1 + utf8.count).initialize(to: UInt8(ascii: "\""))
                return utf8.count &+ 2
            }
        }
    }

    /// Whether `utf8` holds a byte JSON escapes.
    private static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.contains(where: isEscaped)
    }

    /// A quote, a backslash or a control character: what a JSON string escapes.
    private static func isEscaped(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Appends the bytes `write` initializes at the pointer it is given, at most `limit` of them; `write` returns
    /// how many. One capacity check for a whole number or key instead of one per byte.
    @inline(__always)
    private static func append(
        to bytes: inout [UInt8], atMost limit: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int
    ) {
        bytes.append(addingCapacity: limit) { output in
            output.withUnsafeMutableBufferPointer { free, initialized in
                initialized &+= write(free.baseAddress! + initialized)
            }
        }
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

    private mutating func appendInteger(_ value: Int64) {
        appendWrittenBackwards { buffer, index in
            Self.putDigits(of: value.magnitude, in: buffer, before: &index)
            if value < 0 { Self.put(UInt8(ascii: "-"), in: buffer, before: &index) }
        }
    }

    /// Appends what `write` puts into a 32-byte stack buffer from its end backwards (numbers come last digit
    /// first), in one write. `write` gets the buffer and the index of the first byte written so far.
    private mutating func appendWrittenBackwards(_ write: (UnsafeMutableRawBufferPointer, inout Int) -> Void) {
        var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // room for a sign, 20 digits, a point and 3 more
        withUnsafeMutableBytes(of: &storage) { buffer in
            var index = buffer.count
            write(buffer, &index)
            let count = buffer.count &- index
            let source = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + index
            Self.append(to: &bytes, atMost: count) { output in
                output.initialize(from: source, count: count)
                return count
            }
        }
    }

    /// Puts the decimal digits of `value` before `index`, moving it back.
    private static func putDigits(of value: UInt64, in buffer: UnsafeMutableRawBufferPointer, before index: inout Int) {
        var rest = value
        repeat {
            put(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10), in: buffer, before: &index)
            rest /= 10
        } while rest > 0
    }

    private static func put(_ byte: UInt8, in buffer: UnsafeMutableRawBufferPointer, before index: inout Int) {
        index &-= 1
        buffer[index] = byte
    }
}

/// The stream a Double prints itself to: its ASCII bytes go straight into the writer's buffer.
private struct ByteStream: TextOutputStream {
    var bytes: [UInt8] = []

    mutating func write(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    // TextOutputStream's entry point for ASCII text (what numbers print through); without it, the default
    // makes a String of the bytes and calls `write(_:)`.
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }
}
