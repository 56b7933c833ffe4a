/// The aggregate of one key over one window.
public struct WindowResult<Key: PartitionKey, Output> {
    /// The grouping key (``GlobalWindowKey`` for a non-keyed stage).
    public var key: Key
    /// The window's bounds in event time, `[start, end)`.
    public var start: Int64
    public var end: Int64
    /// The aggregate.
    public var value: Output
    /// Whether this is an early (partial) result of a window still open; the final result follows when it closes.
    public var isEarly: Bool

    public init(key: Key, start: Int64, end: Int64, value: Output, isEarly: Bool) {
        self.key = key
        self.start = start
        self.end = end
        self.value = value
        self.isEarly = isEarly
    }
}

extension WindowResult: Sendable where Output: Sendable {}
extension WindowResult: Equatable where Output: Equatable {}
extension WindowResult: Hashable where Output: Hashable {}
