/// A pairwise feature cross between two namespaces, like Vowpal Wabbit's `-q ab`.
public struct FeatureCross: Codable, Hashable, Sendable {
    /// Namespace of the left features.
    public var left: UInt16
    /// Namespace of the right features.
    public var right: UInt16
    /// Namespace given to the crossed features (for reason codes).
    public var namespace: UInt16

    /// Creates a cross of `left` x `right` whose products live in `namespace`.
    public init(left: UInt16, right: UInt16, namespace: UInt16) {
        self.left = left
        self.right = right
        self.namespace = namespace
    }
}
