/// One target-encoded value of an encoded event: the categorical field and the value's key in its
/// `TargetEncoder`. An event whose target arrives later keeps these
/// (``FeatureEncoder/forEachPendingTarget(_:)``), so that the encoder learns the target for the values the event
/// had (``FeatureEncoder/learnTarget(_:for:)``).
public struct TargetEncodedValue: Hashable, Sendable {
    /// The categorical field's index in the specification.
    public var field: Int
    /// The value's key in the field's target encoder (`TargetEncoder.key` of its bytes).
    public var key: UInt64

    /// A value of field `field` with key `key`.
    public init(field: Int, key: UInt64) {
        self.field = field
        self.key = key
    }
}
