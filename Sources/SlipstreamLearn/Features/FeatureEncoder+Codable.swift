/// Only the specification and the transforms' learnt state are stored; the layout (slots, hashes, seeds) is
/// rebuilt from the specification, and the state is checked against it, so a decoded encoder is always consistent.
extension FeatureEncoder {
    enum CodingKeys: String, CodingKey {
        case spec, isLearning, standardScaler, minMaxScaler, imputer, bucketizers, oneHot, targetEncoders
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let spec = try c.decode(FeatureSpec.self, forKey: .spec)
        do { try self.init(spec: spec) } catch {
            throw DecodingError.dataCorruptedError(forKey: .spec, in: c, debugDescription: error.description)
        }
        isLearning = try c.decode(Bool.self, forKey: .isLearning)
        let standard = try c.decode(StandardScaler.self, forKey: .standardScaler)
        let minMax = try c.decode(MinMaxScaler.self, forKey: .minMaxScaler)
        let imputer = try c.decode(MissingValueImputer.self, forKey: .imputer)
        let buckets = try c.decode([Bucketizer?].self, forKey: .bucketizers)
        let oneHot = try c.decode([OneHotEncoder?].self, forKey: .oneHot)
        let targets = try c.decode([TargetEncoder?].self, forKey: .targetEncoders)
        let n = spec.numeric.count, k = spec.categorical.count
        func fail(_ what: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: .spec, in: c, debugDescription: "transform state does not fit the feature specification: \(what)")
        }
        guard standard.featureCount == n, minMax.minimums.count == n, minMax.maximums.count == n,
              imputer.stats.count == n else { throw fail("numeric state for \(n) fields expected") }
        guard buckets.count == n, zip(buckets, bucketizers).allSatisfy({ ($0 == nil) == ($1 == nil) && $0?.mode == $1?.mode })
        else { throw fail("bucketizers") }
        guard oneHot.count == k, zip(oneHot, self.oneHot).allSatisfy({ ($0 == nil) == ($1 == nil) && $0?.maxCategories == $1?.maxCategories }),
              oneHot.allSatisfy({ vocabulary in
                  guard let v = vocabulary else { return true }
                  return v.slots.count <= v.maxCategories && v.slots.values.allSatisfy { (0..<v.maxCategories).contains($0) }
              })
        else { throw fail("one-hot vocabularies") }
        guard targets.count == k, zip(targets, targetEncoders).allSatisfy({ ($0 == nil) == ($1 == nil) })
        else { throw fail("target encoders") }
        self.standardScaler = standard
        self.minMaxScaler = minMax
        self.imputer = imputer
        self.bucketizers = buckets
        self.oneHot = oneHot
        self.targetEncoders = targets
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(spec, forKey: .spec)
        try c.encode(isLearning, forKey: .isLearning)
        try c.encode(standardScaler, forKey: .standardScaler)
        try c.encode(minMaxScaler, forKey: .minMaxScaler)
        try c.encode(imputer, forKey: .imputer)
        try c.encode(bucketizers, forKey: .bucketizers)
        try c.encode(oneHot, forKey: .oneHot)
        try c.encode(targetEncoders, forKey: .targetEncoders)
    }
}
