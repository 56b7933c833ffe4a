import SlipstreamJSON
import SlipstreamKafka

/// Turns consumed records into JSON Lines on stdout: the value itself (which must be a JSON object or array), or
/// with `envelope` an object carrying topic, partition, offset, timestamp, key and the value.
struct JSONLineWriter {
    let envelope: Bool
    private let reader = JSONReader()
    private(set) var output = StandardOutput()

    init(envelope: Bool) {
        self.envelope = envelope
    }

    enum Outcome {
        case written
        /// The value is not JSON; the reason is ready for a report.
        case invalid(String)
    }

    mutating func write(_ record: KafkaRecord) -> Outcome {
        guard let value = record.valueBytes else { return .invalid("null value (tombstone)") }
        do {
            _ = try reader.parseObject(value)
        } catch let objectError {
            do { _ = try reader.parseArray(value) } catch { return .invalid("not JSON (\(objectError))") }
        }
        if envelope {
            output.append("{\"topic\":")
            appendJSONString(UnsafeRawBufferPointer(start: nil, count: 0), text: record.topic)
            output.append(",\"partition\":\(record.partition),\"offset\":\(record.offset),\"timestamp\":")
            output.append(record.timestamp.map { "\($0)" } ?? "null")
            output.append(",\"key\":")
            if let key = record.keyBytes { appendJSONString(key, text: nil) } else { output.append("null") }
            output.append(",\"value\":")
        }
        appendSingleLine(value)
        if envelope { output.append(byte: UInt8(ascii: "}")) }
        output.append(byte: 0x0A)
        return .written
    }

    mutating func flush() { output.flush() }

    /// Valid JSON holds raw line breaks only as whitespace between tokens, so turning them into spaces keeps the
    /// document intact and on one line.
    private mutating func appendSingleLine(_ value: UnsafeRawBufferPointer) {
        if value.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) == nil {
            output.append(value)
            return
        }
        for byte in value { output.append(byte: byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
    }

    /// Appends bytes (or a Swift string) as a JSON string literal; invalid UTF-8 is repaired.
    private mutating func appendJSONString(_ bytes: UnsafeRawBufferPointer, text: String?) {
        let string = text ?? String(decoding: bytes, as: UTF8.self)
        output.append(byte: UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: output.append(String(scalar))
            }
        }
        output.append(byte: UInt8(ascii: "\""))
    }
}
