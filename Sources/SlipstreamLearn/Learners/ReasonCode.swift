/// One feature's share of a prediction: why the model scored an event the way it did.
public struct ReasonCode: Codable, Hashable, Sendable {
    /// Position of the feature in the event's `FeatureVector.entries` (map it back to the field that made it).
    public var position: Int
    /// Its weight slot.
    public var index: UInt32
    /// Its namespace (which field or cross it came from).
    public var namespace: UInt16
    /// The feature's value.
    public var value: Double
    /// The model's weight for it.
    public var weight: Double
    /// `weight * value`: how much it moved the margin (positive: towards class 1 / a larger value).
    public var contribution: Double
}
