/// One non-zero feature of an event: where its weight lives, its value, and where it came from.
public struct FeatureEntry: Hashable, Sendable {
    /// Slot in the weight table: a masked hash, or a reserved dense slot (see `FeatureVector`).
    public var index: UInt32
    /// The unmasked 32-bit hash; crosses combine these so that a cross does not inherit the mask's collisions.
    public var hash: UInt32
    /// The feature's value (1 for a categorical value that is present).
    public var value: Float
    /// The namespace the feature belongs to (crosses are declared between namespaces).
    public var namespace: UInt16

    /// Creates an entry.
    @inlinable
    public init(index: UInt32, hash: UInt32, value: Float, namespace: UInt16) {
        self.index = index
        self.hash = hash
        self.value = value
        self.namespace = namespace
    }
}
