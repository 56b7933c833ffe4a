import SlipstreamKafka

/// A Kafka record copied out of its batch, for assertions about what a pipeline wrote.
public struct TopicRecord: Sendable, Hashable {
    /// Its partition.
    public var partition: Int32
    /// Its offset in the partition.
    public var offset: Int64
    /// Its key, if any.
    public var key: [UInt8]?
    /// Its value, `nil` for a tombstone.
    public var value: [UInt8]?
    /// Its headers, in order.
    public var headers: [KafkaHeader]
    /// Its timestamp in milliseconds, if any.
    public var timestamp: Int64?

    /// The value as UTF-8 text.
    public var valueString: String? { value.map { String(decoding: $0, as: UTF8.self) } }

    /// The key as UTF-8 text.
    public var keyString: String? { key.map { String(decoding: $0, as: UTF8.self) } }

    /// The text value of the last header called `name`.
    public func header(_ name: String) -> String? {
        headers.last { $0.name == name }?.stringValue
    }
}
