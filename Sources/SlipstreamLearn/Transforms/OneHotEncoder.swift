/// One-hot encoding of a low-cardinality categorical field: each value seen gets its own slot, in order of first
/// appearance, up to `maxCategories`; later new values have no slot (`FeatureEncoder` then hashes them), so a
/// field that turns out to be high-cardinality cannot grow the model without bound.
public struct OneHotEncoder: Codable, Hashable, Sendable {
    /// The slot of each known value.
    public private(set) var slots: [String: Int] = [:]
    /// Largest number of values with a slot.
    public let maxCategories: Int

    /// An encoder with room for `maxCategories` values.
    public init(maxCategories: Int) {
        precondition(maxCategories > 0)
        self.maxCategories = maxCategories
    }

    /// The slot of a value, learning it if there is room (when `learn`); nil when it has none.
    public mutating func slot(for value: String, learn: Bool = true) -> Int? {
        if let s = slots[value] { return s }
        guard learn, slots.count < maxCategories else { return nil }
        let s = slots.count
        slots[value] = s
        return s
    }

    /// The slot of a value given as UTF-8 bytes (short values build no heap string).
    public mutating func slot(forUTF8 bytes: UnsafeRawBufferPointer, learn: Bool = true) -> Int? {
        slot(for: String(decoding: bytes, as: UTF8.self), learn: learn)
    }
}
