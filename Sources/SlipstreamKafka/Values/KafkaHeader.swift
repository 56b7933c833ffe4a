/// A record header: a name and an optional value (`nil` is Kafka's null header value).
public struct KafkaHeader: Hashable, Sendable {
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    /// A header whose value is the UTF-8 bytes of `value`.
    public init(name: String, value: String) {
        self.init(name: name, value: Array(value.utf8))
    }

    /// The value decoded as UTF-8 (invalid sequences are repaired), or nil for a null value.
    public var stringValue: String? { value.map { String(decoding: $0, as: UTF8.self) } }
}
