import CSimdJSON

extension JSONReader {
    /// Parses one JSON number literal (all of `bytes`, no whitespace) into the nearest `Double`, exactly as the
    /// reader and ``JSONRecordScanner`` read numbers in documents: plain decimals of up to 19 significant digits on a
    /// fast path, longer ones exactly rounded; a value too small for a `Double` becomes a zero of its sign.
    ///
    /// - Throws: ``JSONParseError`` `.invalidNumber` (at offset 0) for text that is not a JSON number (`NaN`,
    ///   `Infinity`, `01`, `1.`, `+1`, `0x10`, ...); `.numberOutOfRange` beyond the range of a `Double` (`1e400`).
    public static func parseNumber(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> Double {
        var value = 0.0
        let status = slip_json_parse_number(bytes.baseAddress, bytes.count, &value)
        return try number(value, status: status)
    }

    /// Parses one JSON number literal (see ``parseNumber(_:)-(UnsafeRawBufferPointer)``).
    public static func parseNumber(_ text: String) throws(JSONParseError) -> Double {
        var text = text
        var value = 0.0
        let status = text.withUTF8 { slip_json_parse_number($0.baseAddress, $0.count, &value) }
        return try number(value, status: status)
    }

    static func number(_ value: Double, status: Int32) throws(JSONParseError) -> Double {
        switch status {
        case Int32(SLIP_JSON_OK): return value
        case Int32(SLIP_JSON_ERROR_NUMBER_RANGE): throw JSONParseError(.numberOutOfRange, offset: 0)
        default: throw JSONParseError(.invalidNumber, offset: 0)
        }
    }
}
