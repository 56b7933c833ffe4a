/// Which fields of an event become features, how each is encoded, and the shape of the hashed space.
///
/// It is saved in model files: a model is only loaded for a specification equal to the one it was trained with
/// (the same field names in the same roles produce the same indices).
public struct FeatureSpec: Codable, Hashable, Sendable {
    /// A numeric field.
    public struct Numeric: Codable, Hashable, Sendable {
        /// Field name.
        public var name: String
        /// Online scaling applied before the model sees the value.
        public var scaling: Scaling
        /// If set, the value is replaced by a one-hot bucket.
        public var buckets: Bucketing?

        /// Creates a numeric feature.
        public init(_ name: String, scaling: Scaling = .standard, buckets: Bucketing? = nil) {
            self.name = name
            self.scaling = scaling
            self.buckets = buckets
        }
    }

    /// Online scaling of a numeric field.
    public enum Scaling: String, Codable, Hashable, Sendable, CaseIterable {
        /// Running `(x - mean) / std` (`StandardScaler`).
        case standard
        /// Running min-max to [0, 1] (`MinMaxScaler`).
        case minMax = "minmax"
        /// The raw value.
        case none
    }

    /// Bucketing of a numeric field.
    public enum Bucketing: Codable, Hashable, Sendable {
        /// Fixed ascending edges.
        case fixed([Double])
        /// Edges at the quantiles of the stream.
        case quantiles(Int)
    }

    /// A categorical field.
    public struct Categorical: Codable, Hashable, Sendable {
        /// Field name.
        public var name: String
        /// How its values become features.
        public var encoding: CategoricalEncoding

        /// Creates a categorical feature.
        public init(_ name: String, encoding: CategoricalEncoding = .hashed) {
            self.name = name
            self.encoding = encoding
        }
    }

    /// Encoding of a categorical field.
    public enum CategoricalEncoding: Codable, Hashable, Sendable {
        /// Hashed into the model's hashed space (any cardinality).
        case hashed
        /// One slot per value for the first `maxCategories` values, hashed beyond.
        case oneHot(maxCategories: Int)
        /// The smoothed mean target of the value (`TargetEncoder`).
        case target(smoothing: Double)
    }

    /// A pairwise cross of two fields (by name), like Vowpal Wabbit's `-q`.
    public struct Cross: Codable, Hashable, Sendable {
        public var left: String
        public var right: String
        public init(_ left: String, _ right: String) {
            self.left = left
            self.right = right
        }
    }

    /// Numeric fields.
    public var numeric: [Numeric]
    /// Categorical fields.
    public var categorical: [Categorical]
    /// Crosses.
    public var crosses: [Cross]
    /// Bits of the hashed space.
    public var hashBits: Int
    /// Hash seed.
    public var seed: UInt32
    /// Whether a missing numeric value also emits an indicator feature (it is always imputed by the running mean).
    public var missingIndicators: Bool

    /// Creates a specification.
    public init(numeric: [Numeric] = [], categorical: [Categorical] = [], crosses: [Cross] = [],
                hashBits: Int = 22, seed: UInt32 = 0, missingIndicators: Bool = true) {
        self.numeric = numeric
        self.categorical = categorical
        self.crosses = crosses
        self.hashBits = hashBits
        self.seed = seed
        self.missingIndicators = missingIndicators
    }

    /// All feature field names, numeric first.
    public var fieldNames: [String] { numeric.map(\.name) + categorical.map(\.name) }

    /// Checks names, bits and crosses.
    public func validate() throws(FeatureSpecError) {
        guard FeatureHasher.bitRange.contains(hashBits) else { throw .bitsOutOfRange(hashBits) }
        var seen = Set<String>()
        for name in fieldNames {
            guard !name.isEmpty else { throw .invalid("a feature field name is empty") }
            guard seen.insert(name).inserted else { throw .duplicateField(name) }
        }
        for c in crosses {
            guard seen.contains(c.left) else { throw .unknownCrossField(c.left) }
            guard seen.contains(c.right) else { throw .unknownCrossField(c.right) }
        }
        for n in numeric {
            switch n.buckets {
            case .fixed(let e)?: _ = try Bucketizer(.fixed(e))
            case .quantiles(let k)?: _ = try Bucketizer(.quantiles(buckets: k))
            case nil: break
            }
        }
        for c in categorical {
            switch c.encoding {
            case .oneHot(let m) where m < 1 || m > 1 << 16:
                throw .invalid("one-hot field '\(c.name)': maxCategories must be in 1...65536, got \(m)")
            case .target(let s) where !(s >= 0 && s.isFinite):
                throw .invalid("target-encoded field '\(c.name)': smoothing must be >= 0, got \(s)")
            default: break
            }
        }
        guard fieldNames.count + crosses.count < Int(UInt16.max) else { throw .invalid("too many features") }
    }
}
