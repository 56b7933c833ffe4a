/// An item paired with its event time, for streams whose items do not carry one themselves (the Kafka record
/// timestamp, for instance).
public struct Timestamped<Value> {
    /// The item.
    public var value: Value
    /// Its event time in milliseconds.
    public var timestamp: Int64

    /// Pairs `value` with `timestamp` (milliseconds).
    @inlinable
    public init(_ value: Value, timestamp: Int64) {
        self.value = value
        self.timestamp = timestamp
    }
}

extension Timestamped: Sendable where Value: Sendable {}
extension Timestamped: Equatable where Value: Equatable {}
extension Timestamped: Hashable where Value: Hashable {}
