import CRdKafka

/// One consumed record, a view into librdkafka's message: nothing is copied until a copying accessor is used.
///
/// A record is valid only inside the `KafkaConsumer.poll` closure that handed out its batch; the byte views
/// (`keyBytes`, `valueBytes`, header values) point into librdkafka's fetch buffer and must not escape it. Copy
/// what must outlive the batch with `key`, `value`, `valueString` or `headers`.
public struct KafkaRecord {
    let message: UnsafeMutablePointer<rd_kafka_message_t>

    init(_ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        self.message = message
    }

    /// The topic name (allocates a String for long names; cheap `partition`/`offset` come first).
    public var topic: String { String(cString: rd_kafka_topic_name(message.pointee.rkt)) }

    public var partition: Int32 { message.pointee.partition }

    public var offset: Int64 { message.pointee.offset }

    /// The record's timestamp in milliseconds since 1970, nil when the record has none.
    public var timestamp: Int64? {
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let value = rd_kafka_message_timestamp(message, &type)
        return type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : value
    }

    /// Whether `timestamp` was set by the producer (CreateTime) or the broker (LogAppendTime).
    public var timestampIsLogAppendTime: Bool {
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        _ = rd_kafka_message_timestamp(message, &type)
        return type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME
    }

    /// The key bytes in place, nil for a null key. Valid only while the batch is.
    public var keyBytes: UnsafeRawBufferPointer? {
        guard let key = message.pointee.key else { return nil }
        return UnsafeRawBufferPointer(start: key, count: message.pointee.key_len)
    }

    /// The value bytes in place, nil for a null value (a tombstone). Valid only while the batch is.
    public var valueBytes: UnsafeRawBufferPointer? {
        guard let payload = message.pointee.payload else { return nil }
        return UnsafeRawBufferPointer(start: payload, count: message.pointee.len)
    }

    /// A copy of the key.
    public var key: [UInt8]? { keyBytes.map { Array($0) } }

    /// A copy of the value.
    public var value: [UInt8]? { valueBytes.map { Array($0) } }

    /// The key decoded as UTF-8 (invalid sequences repaired).
    public var keyString: String? { keyBytes.map { String(decoding: $0, as: UTF8.self) } }

    /// The value decoded as UTF-8 (invalid sequences repaired).
    public var valueString: String? { valueBytes.map { String(decoding: $0, as: UTF8.self) } }

    /// A copy of all headers, in order.
    public var headers: [KafkaHeader] {
        guard let list = headerList else { return [] }
        var result: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            result.append(KafkaHeader(name: String(cString: name!), value: bytes))
            index += 1
        }
        return result
    }

    /// The value of the last header called `name` in place: `.some(nil)` for a null value, nil when absent.
    /// Valid only while the batch is.
    public func headerBytes(named name: String) -> UnsafeRawBufferPointer?? {
        guard let list = headerList else { return nil }
        var value: UnsafeRawPointer?
        var size = 0
        guard rd_kafka_header_get_last(list, name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        guard let value else { return .some(nil) }
        return .some(UnsafeRawBufferPointer(start: value, count: size))
    }

    /// librdkafka parses headers on first access; records without headers cost nothing here.
    private var headerList: OpaquePointer? {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return list
    }
}
