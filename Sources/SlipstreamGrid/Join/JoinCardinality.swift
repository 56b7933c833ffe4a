/// How many partners an item may have.
public enum JoinCardinality: String, Sendable, Codable {
    /// Each item matches at most one item of the other side, the earliest-arrived one that fits; both leave
    /// the buffer when matched (a prediction and its label).
    case oneToOne
    /// Every fitting pair is emitted; items stay until their time bound passes (an interval join).
    case manyToMany
}
