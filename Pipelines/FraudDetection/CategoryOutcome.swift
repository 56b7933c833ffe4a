/// One labelled payment of a merchant category, on its way to the category's ``CategoryRisk``; the
/// category's updated rate comes out of that stage as a ``CategoryRate``.
public struct CategoryOutcome: Sendable, Hashable {
    /// The merchant category code.
    public var mcc: String
    /// Whether the payment turned out to be fraud.
    public var fraud: Bool
}

/// A merchant category's smoothed fraud rate, as it changes: the rows of the table that payments are
/// enriched from.
public struct CategoryRate: Sendable, Hashable {
    public var mcc: String
    public var rate: Double
}
