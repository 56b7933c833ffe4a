/// The names of the counters a join stage adds to its vertex metrics.
public enum JoinCounterNames {
    /// Pairs emitted.
    public static let matched = "joinMatched"
    /// Items of the stream `join` is called on whose time bound passed without a partner.
    public static let unmatchedLeft = "joinUnmatchedLeft"
    /// Items of the other stream whose time bound passed without a partner.
    public static let unmatchedRight = "joinUnmatchedRight"
    /// Items that arrived after their own time bound had passed (they still match a waiting partner).
    public static let late = "joinLate"
}
