/// Errors of a feature specification.
public enum FeatureSpecError: Error, Equatable, CustomStringConvertible {
    /// Hash bits outside `FeatureHasher.bitRange`.
    case bitsOutOfRange(Int)
    /// A field is named twice.
    case duplicateField(String)
    /// A cross names a field that is not a feature.
    case unknownCrossField(String)
    /// Some other inconsistency.
    case invalid(String)

    public var description: String {
        switch self {
        case .bitsOutOfRange(let b): return "hash bits must be in \(FeatureHasher.bitRange.lowerBound)...\(FeatureHasher.bitRange.upperBound), got \(b)"
        case .duplicateField(let f): return "field '\(f)' is named more than once"
        case .unknownCrossField(let f): return "cross names '\(f)', which is not a --numeric or --categorical feature"
        case .invalid(let m): return m
        }
    }
}
