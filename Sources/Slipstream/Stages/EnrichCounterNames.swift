/// The names of the counters an enrichment stage adds to its vertex metrics.
public enum EnrichCounterNames {
    /// Items whose key had no table entry when they arrived.
    public static let misses = "enrichMisses"
}
