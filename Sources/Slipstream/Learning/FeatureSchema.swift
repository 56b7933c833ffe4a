import SlipstreamLearn

/// Which fields of an `Event` become features and how: the declaration behind
/// ``Stage/features(_:)``, built once with a result builder of ``NumericFeature``, ``CategoricalFeature`` and
/// ``CrossFeature`` lines.
///
/// ```swift
/// let features = FeatureSchema<Payment>(hashBits: 22) {
///     NumericFeature("amount") { $0.amount }                 // running standard scaling
///     NumericFeature("payments_10m", scaling: .none) { Double($0.recentCount) }
///     CategoricalFeature("mcc") { $0.mcc }
///     CategoricalFeature("country") { $0.country }
///     CrossFeature("mcc", "country")
/// }
/// ```
///
/// The schema is data: a ``FeatureSpec`` (names, encodings, crosses, hash bits — what a model file records) plus
/// one extractor closure per field. The scoring stage runs the extractors on each event into one reused
/// ``FeatureVector``, so encoding an event allocates nothing per feature.
///
/// Values that cannot be features are never fed to a model: a numeric extractor returning `nil`, NaN, an
/// infinity or a value beyond ``maxMagnitude`` counts as missing (imputed by the running mean, flagged by a
/// missing-value indicator), and the non-finite and absurd ones are counted as
/// ``LearningCounterNames/invalidFeatures``.
public struct FeatureSchema<Event>: Sendable {
    /// Names, encodings, crosses and the hashed space: stored in every model file the stage writes, and a
    /// model file is only loaded for an equal specification.
    public let spec: FeatureSpec
    /// Numeric values whose magnitude exceeds this are treated as missing and counted as invalid: a corrupt
    /// amount of 1e300 would otherwise wreck the running scaler's statistics for good. Default 1e9.
    public let maxMagnitude: Double
    @usableFromInline let numeric: [@Sendable (Event) -> Double?]
    @usableFromInline let categorical: [@Sendable (Event) -> String?]
    /// Problems found while declaring (an unknown cross field, a duplicate name), reported at planning.
    let problem: String?

    /// Declares the features of `Event`.
    ///
    /// - Parameters:
    ///   - hashBits: bits of the hashed space for categoricals and crosses (18...28; 2^bits weights per learner).
    ///   - seed: hash seed.
    ///   - missingIndicators: whether a missing numeric also sets an indicator feature.
    ///   - maxMagnitude: see ``maxMagnitude``.
    ///   - features: the feature lines, in order.
    public init(
        hashBits: Int = 22, seed: UInt32 = 0, missingIndicators: Bool = true, maxMagnitude: Double = 1e9,
        @FeatureSchemaBuilder<Event> _ features: () -> [FeatureDeclaration<Event>]
    ) {
        var spec = FeatureSpec(hashBits: hashBits, seed: seed, missingIndicators: missingIndicators)
        var numeric: [@Sendable (Event) -> Double?] = []
        var categorical: [@Sendable (Event) -> String?] = []
        for declaration in features() {
            switch declaration.kind {
            case .numeric(let field, let extract):
                spec.numeric.append(field)
                numeric.append(extract)
            case .categorical(let field, let extract):
                spec.categorical.append(field)
                categorical.append(extract)
            case .cross(let cross):
                spec.crosses.append(cross)
            }
        }
        var problem: String?
        do {
            try spec.validate()
        } catch {
            problem = "invalid feature schema: \(error)"
        }
        if problem == nil, !(maxMagnitude > 0) {
            problem = "invalid feature schema: maxMagnitude must be positive, got \(maxMagnitude)"
        }
        self.spec = spec
        self.maxMagnitude = maxMagnitude
        self.numeric = numeric
        self.categorical = categorical
        self.problem = problem
    }
}

/// One line of a ``FeatureSchema``, as the result builder collects it (write ``NumericFeature``,
/// ``CategoricalFeature`` and ``CrossFeature`` lines).
public struct FeatureDeclaration<Event>: Sendable {
    enum Kind: Sendable {
        case numeric(FeatureSpec.Numeric, @Sendable (Event) -> Double?)
        case categorical(FeatureSpec.Categorical, @Sendable (Event) -> String?)
        case cross(FeatureSpec.Cross)
    }

    let kind: Kind
}

/// A numeric feature of a ``FeatureSchema``: `NumericFeature("amount") { $0.amount }`.
public struct NumericFeature<Event>: Sendable {
    let field: FeatureSpec.Numeric
    let value: @Sendable (Event) -> Double?

    /// A numeric feature read by `value` (`nil` when missing).
    ///
    /// - Parameters:
    ///   - name: the feature's name (unique in the schema; reason codes use it).
    ///   - scaling: online scaling before the model sees it; default running standardization.
    ///   - buckets: replaces the value by a one-hot bucket (fixed edges or stream quantiles).
    public init(
        _ name: String, scaling: FeatureSpec.Scaling = .standard, buckets: FeatureSpec.Bucketing? = nil,
        _ value: @escaping @Sendable (Event) -> Double?
    ) {
        self.field = FeatureSpec.Numeric(name, scaling: scaling, buckets: buckets)
        self.value = value
    }
}

/// A categorical feature of a ``FeatureSchema``: `CategoricalFeature("mcc") { $0.mcc }`.
public struct CategoricalFeature<Event>: Sendable {
    let field: FeatureSpec.Categorical
    let value: @Sendable (Event) -> String?

    /// A categorical feature read by `value` (`nil` when missing), hashed into the model's space by default.
    ///
    /// - Parameters:
    ///   - encoding: `.hashed` (any cardinality), `.oneHot(maxCategories:)`, or `.target(smoothing:)`: the
    ///     smoothed mean target of the earlier events with the same value. Its statistics learn each event's
    ///     target once it is known: at once with
    ///     ``FeaturedStage/learn(with:serving:mode:reasons:name:target:)``, or when the label arrives (or its
    ///     window closes, if unlabelled events learn as a target) after `awaitLabel(from:on:within:…)`; an event
    ///     is always encoded with what was learnt before it was scored.
    public init(
        _ name: String, encoding: FeatureSpec.CategoricalEncoding = .hashed,
        _ value: @escaping @Sendable (Event) -> String?
    ) {
        self.field = FeatureSpec.Categorical(name, encoding: encoding)
        self.value = value
    }
}

/// The pairwise cross of two declared fields of a ``FeatureSchema`` (by name), like Vowpal Wabbit's `-q`:
/// `CrossFeature("mcc", "country")`.
public struct CrossFeature: Sendable, Hashable {
    let cross: FeatureSpec.Cross

    /// Crosses the fields named `left` and `right`.
    public init(_ left: String, _ right: String) {
        self.cross = FeatureSpec.Cross(left, right)
    }
}

/// Collects the lines of a ``FeatureSchema``.
@resultBuilder
public enum FeatureSchemaBuilder<Event> {
    public static func buildExpression(_ feature: NumericFeature<Event>) -> [FeatureDeclaration<Event>] {
        [FeatureDeclaration(kind: .numeric(feature.field, feature.value))]
    }

    public static func buildExpression(_ feature: CategoricalFeature<Event>) -> [FeatureDeclaration<Event>] {
        [FeatureDeclaration(kind: .categorical(feature.field, feature.value))]
    }

    public static func buildExpression(_ feature: CrossFeature) -> [FeatureDeclaration<Event>] {
        [FeatureDeclaration(kind: .cross(feature.cross))]
    }

    public static func buildExpression(_ declarations: [FeatureDeclaration<Event>]) -> [FeatureDeclaration<Event>] {
        declarations
    }

    public static func buildBlock(_ parts: [FeatureDeclaration<Event>]...) -> [FeatureDeclaration<Event>] {
        parts.flatMap { $0 }
    }

    public static func buildOptional(_ part: [FeatureDeclaration<Event>]?) -> [FeatureDeclaration<Event>] {
        part ?? []
    }

    public static func buildEither(first part: [FeatureDeclaration<Event>]) -> [FeatureDeclaration<Event>] { part }

    public static func buildEither(second part: [FeatureDeclaration<Event>]) -> [FeatureDeclaration<Event>] { part }

    public static func buildArray(_ parts: [[FeatureDeclaration<Event>]]) -> [FeatureDeclaration<Event>] {
        parts.flatMap { $0 }
    }
}
