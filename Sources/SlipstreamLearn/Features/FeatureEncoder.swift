/// Turns the fields of one event into a `FeatureVector`, applying the online transforms of a `FeatureSpec`, and
/// carries those transforms' state (it is `Codable`, so it goes into snapshots and model files).
///
/// Per event: `begin`, then `addNumeric` / `addCategorical` for the fields present (any order), then `finish`
/// (crosses); after the target is known, `learnTarget` (target encoders). Numeric transforms learn each value as
/// it is encoded (unless `isLearning` is false, for scoring-only workers); target encoders use only the events
/// before the current one.
///
/// Namespaces: numeric field `i` is namespace `i`, categorical field `j` is `numeric.count + j`, cross `k` follows.
public struct FeatureEncoder: Codable, Sendable {
    /// The specification.
    public let spec: FeatureSpec
    /// The hasher of the specification.
    public let hasher: FeatureHasher
    /// Dense slots the layout needs (give it to the learner's configuration).
    public let denseSlots: Int
    /// Whether transforms learn from the values they encode.
    public var isLearning = true

    /// Running standardization of the numeric fields (used by fields with `.standard` scaling).
    public internal(set) var standardScaler: StandardScaler
    /// Running min-max of the numeric fields (used by fields with `.minMax` scaling).
    public internal(set) var minMaxScaler: MinMaxScaler
    /// Imputation of missing numerics.
    public internal(set) var imputer: MissingValueImputer
    /// Bucketizers, per numeric field (nil when not bucketized).
    public internal(set) var bucketizers: [Bucketizer?]
    /// One-hot vocabularies, per categorical field (nil when not one-hot).
    public internal(set) var oneHot: [OneHotEncoder?]
    /// Target encoders, per categorical field (nil when not target-encoded).
    public internal(set) var targetEncoders: [TargetEncoder?]

    // Per-field facts in plain arrays of trivial values: reading them on the hot path copies no strings or
    // collections (so costs no reference counting).
    let numericScaling: [FeatureSpec.Scaling]
    let numericBucketized: [Bool]
    let categoricalKind: [UInt8]
    /// Whether any categorical field is target-encoded.
    public let hasTargetEncoders: Bool
    let allNumericStandard: Bool
    let numericSlot: [Int]
    let missingSlot: [Int]
    let categoricalSlot: [Int]
    let numericHash: [UInt32]
    let categoricalSeed: [UInt32]
    let crosses: [FeatureCross]
    var pendingTargetKeys: [UInt64]
    var pendingTargetPresent: [Bool]

    /// Creates an encoder with fresh transform state.
    public init(spec: FeatureSpec) throws(FeatureSpecError) {
        try spec.validate()
        self.spec = spec
        self.hasher = try FeatureHasher(bits: spec.hashBits, seed: spec.seed)
        let n = spec.numeric.count, c = spec.categorical.count
        var next = 0
        var numericSlot: [Int] = [], missingSlot: [Int] = [], buckets: [Bucketizer?] = []
        var numericHash: [UInt32] = []
        for f in spec.numeric {
            let b: Bucketizer?
            switch f.buckets {
            case .fixed(let e)?: b = try Bucketizer(.fixed(e))
            case .quantiles(let k)?: b = try Bucketizer(.quantiles(buckets: k))
            case nil: b = nil
            }
            buckets.append(b)
            numericSlot.append(next)
            next += b?.bucketCount ?? 1
            if spec.missingIndicators {
                missingSlot.append(next)
                next += 1
            } else {
                missingSlot.append(-1)
            }
            numericHash.append(hasher.hash(f.name, namespaceSeed: hasher.namespaceSeed(f.name)))
        }
        var categoricalSlot: [Int] = [], oneHot: [OneHotEncoder?] = [], targets: [TargetEncoder?] = []
        var seeds: [UInt32] = []
        for f in spec.categorical {
            seeds.append(hasher.namespaceSeed(f.name))
            categoricalSlot.append(next)
            switch f.encoding {
            case .hashed:
                oneHot.append(nil); targets.append(nil)
            case .oneHot(let m):
                oneHot.append(OneHotEncoder(maxCategories: m)); targets.append(nil)
                next += m
            case .target(let s):
                oneHot.append(nil); targets.append(TargetEncoder(smoothing: s))
                next += 1
            }
        }
        let names = spec.fieldNames
        var crosses: [FeatureCross] = []
        for (k, x) in spec.crosses.enumerated() {
            crosses.append(FeatureCross(left: UInt16(names.firstIndex(of: x.left)!),
                                        right: UInt16(names.firstIndex(of: x.right)!),
                                        namespace: UInt16(n + c + k)))
        }
        self.denseSlots = next
        self.numericScaling = spec.numeric.map(\.scaling)
        self.numericBucketized = buckets.map { $0 != nil }
        self.categoricalKind = spec.categorical.map {
            switch $0.encoding {
            case .hashed: return Self.hashedKind
            case .oneHot: return Self.oneHotKind
            case .target: return Self.targetKind
            }
        }
        self.numericSlot = numericSlot
        self.hasTargetEncoders = self.categoricalKind.contains(Self.targetKind)
        self.allNumericStandard = spec.numeric.allSatisfy { $0.scaling == .standard && $0.buckets == nil }
        self.missingSlot = missingSlot
        self.categoricalSlot = categoricalSlot
        self.numericHash = numericHash
        self.categoricalSeed = seeds
        self.crosses = crosses
        self.bucketizers = buckets
        self.oneHot = oneHot
        self.targetEncoders = targets
        self.standardScaler = StandardScaler(features: n)
        self.minMaxScaler = MinMaxScaler(features: n)
        self.imputer = MissingValueImputer(features: n)
        self.pendingTargetKeys = Array(repeating: 0, count: c)
        self.pendingTargetPresent = Array(repeating: false, count: c)
    }

    static let hashedKind: UInt8 = 0, oneHotKind: UInt8 = 1, targetKind: UInt8 = 2

    /// An empty vector shaped for this encoder.
    public func makeVector(capacity: Int = 64) -> FeatureVector {
        FeatureVector(hasher: hasher, denseSlots: denseSlots, capacity: capacity)
    }

    /// Starts an event.
    public mutating func begin(_ v: inout FeatureVector) {
        v.removeAll()
        if hasTargetEncoders {
            for j in pendingTargetPresent.indices { pendingTargetPresent[j] = false }
        }
    }



    /// Adds numeric field `i` (nil or non-finite: missing).
    public mutating func addNumeric(_ i: Int, _ raw: Double?, to v: inout FeatureVector) {
        let ns = UInt16(i)
        if let x = raw, x.isFinite, numericScaling[i] == .standard, !numericBucketized[i] {
            // The common case on its own path.
            let value = isLearning ? standardScaler.learnAndTransform(x, feature: i) : standardScaler.transform(x, feature: i)
            v.appendDense(slot: numericSlot[i], value: Float(value), hash: numericHash[i], namespace: ns)
            return
        }
        // Missing values are imputed by the running mean: the scaler's for standardized fields (which then
        // standardize to 0), the imputer's otherwise.
        let wasMissing = !(raw?.isFinite ?? false)
        let x: Double
        if wasMissing {
            if isLearning { _ = imputer.impute(nil, feature: i) }
            x = numericScaling[i] == .standard ? standardScaler.mean(feature: i) : imputer.stats[i].mean
            if missingSlot[i] >= 0 {
                v.appendDense(slot: missingSlot[i], value: 1, hash: numericHash[i] &+ 0x9e37_79b9, namespace: ns)
            }
        } else {
            x = raw!
            if isLearning && numericScaling[i] != .standard { _ = imputer.impute(x, feature: i) }
        }
        var value = x
        switch numericScaling[i] {
        case .standard:
            value = wasMissing ? 0
                : isLearning ? standardScaler.learnAndTransform(x, feature: i) : standardScaler.transform(x, feature: i)
        case .minMax:
            if isLearning && !wasMissing { minMaxScaler.learn(x, feature: i) }
            value = minMaxScaler.transform(x, feature: i)
        case .none:
            break
        }
        if numericBucketized[i] {
            if isLearning && !wasMissing { bucketizers[i]!.learn(x) }
            let b = bucketizers[i]!.bucket(x)
            v.appendDense(slot: numericSlot[i] + b, value: 1,
                          hash: MurmurHash3.finalize(numericHash[i] &+ UInt32(b)), namespace: ns)
        } else if value.isFinite {
            v.appendDense(slot: numericSlot[i], value: Float(value), hash: numericHash[i], namespace: ns)
        }
    }

    /// Adds every numeric field at once from `values` (one per numeric field, in order; NaN or infinity means
    /// missing). Same result as `addNumeric` per field; for standardized fields the loop has no call per field, so
    /// the divisions of the running moments of different fields overlap in the CPU.
    public mutating func addNumerics(_ values: UnsafeBufferPointer<Double>, to v: inout FeatureVector) {
        precondition(values.count == numericSlot.count, "one value per numeric field")
        if allNumericStandard && isLearning {
            standardScaler.learn(row: values)
            for i in 0..<values.count {
                let x = values[i]
                if x.isFinite {
                    v.appendDense(slot: numericSlot[i], value: Float(standardScaler.transform(x, feature: i)),
                                  hash: numericHash[i], namespace: UInt16(i))
                } else {
                    addMissingNumeric(i, to: &v)
                }
            }
            return
        }
        for i in 0..<values.count { addNumeric(i, values[i].isFinite ? values[i] : nil, to: &v) }
    }

    /// A missing standardized value: its indicator (the imputed running mean standardizes to 0, which adds nothing).
    mutating func addMissingNumeric(_ i: Int, to v: inout FeatureVector) {
        if isLearning { _ = imputer.impute(nil, feature: i) }
        if missingSlot[i] >= 0 {
            v.appendDense(slot: missingSlot[i], value: 1, hash: numericHash[i] &+ 0x9e37_79b9, namespace: UInt16(i))
        }
    }

    /// Adds categorical field `j` from the UTF-8 bytes of its value (nil: missing, adds nothing).
    public mutating func addCategorical(_ j: Int, utf8 bytes: UnsafeRawBufferPointer?, to v: inout FeatureVector) {
        guard let bytes else { return }
        let ns = UInt16(numericSlot.count + j)
        let h = MurmurHash3.hash32(bytes, seed: categoricalSeed[j])
        let kind = categoricalKind[j]
        if kind == Self.hashedKind {
            v.append(hash: h, value: 1, namespace: ns)
        } else if kind == Self.oneHotKind {
            if let s = oneHot[j]!.slot(forUTF8: bytes, learn: isLearning) {
                v.appendDense(slot: categoricalSlot[j] + s, value: 1, hash: h, namespace: ns)
            } else {
                v.append(hash: h, value: 1, namespace: ns)
            }
        } else {
            let key = TargetEncoder.key(bytes)
            pendingTargetKeys[j] = key
            pendingTargetPresent[j] = true
            v.appendDense(slot: categoricalSlot[j], value: Float(targetEncoders[j]!.encode(key: key)), hash: h, namespace: ns)
        }
    }

    /// Adds categorical field `j` from a string.
    public mutating func addCategorical(_ j: Int, _ value: String?, to v: inout FeatureVector) {
        guard var s = value else { return }
        s.withUTF8 { addCategorical(j, utf8: UnsafeRawBufferPointer($0), to: &v) }
    }

    /// Ends an event: appends the crosses.
    public mutating func finish(_ v: inout FeatureVector) {
        if !crosses.isEmpty { v.appendCrosses(crosses) }
    }

    /// Learns the event's target in the target encoders (call after `finish`, once the target is known).
    public mutating func learnTarget(_ y: Double) {
        guard isLearning, hasTargetEncoders else { return }
        for j in targetEncoders.indices where pendingTargetPresent[j] {
            targetEncoders[j]!.learn(key: pendingTargetKeys[j], target: y)
        }
    }

    /// Hands `body` each target-encoded value of the event just encoded (after `finish`), allocating nothing:
    /// an event whose target comes later keeps them and gives each to ``learnTarget(_:for:)`` then.
    public func forEachPendingTarget(_ body: (TargetEncodedValue) -> Void) {
        guard hasTargetEncoders else { return }
        for j in pendingTargetPresent.indices where pendingTargetPresent[j] {
            body(TargetEncodedValue(field: j, key: pendingTargetKeys[j]))
        }
    }

    /// Learns a target for one value of an event encoded earlier (``forEachPendingTarget(_:)``). A value of a
    /// field that is not target-encoded (kept by a model of another specification) is ignored.
    public mutating func learnTarget(_ y: Double, for value: TargetEncodedValue) {
        guard isLearning, value.field >= 0, value.field < targetEncoders.count else { return }
        targetEncoders[value.field]?.learn(key: value.key, target: y)
    }

    /// The field (or cross) name of a namespace, for reason codes.
    public func namespaceName(_ ns: UInt16) -> String {
        let i = Int(ns), names = spec.fieldNames
        if i < names.count { return names[i] }
        let k = i - names.count
        return k < spec.crosses.count ? "\(spec.crosses[k].left)*\(spec.crosses[k].right)" : "?"
    }
}
