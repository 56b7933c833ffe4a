/// Hashed encoding of a high-cardinality categorical field: the value's bytes are hashed, seeded by the field's
/// namespace, into the model's hashed space. Stateless, so it never grows; collisions are the price (see
/// `FeatureHasher` for the bits).
public struct HashedCategoricalEncoder: Codable, Hashable, Sendable {
    /// The field (namespace) name.
    public let field: String
    /// Seed derived from the field name and the hasher's seed.
    public let seed: UInt32

    /// An encoder for `field` under `hasher`.
    public init(field: String, hasher: FeatureHasher) {
        self.field = field
        self.seed = hasher.namespaceSeed(field)
    }

    /// The full hash of a value given as UTF-8 bytes.
    @inlinable
    public func hash(_ bytes: UnsafeRawBufferPointer) -> UInt32 { MurmurHash3.hash32(bytes, seed: seed) }

    /// The full hash of a value.
    @inlinable
    public func hash(_ value: String) -> UInt32 { MurmurHash3.hash32(value, seed: seed) }
}
