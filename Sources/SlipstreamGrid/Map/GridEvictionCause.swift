/// Why an entry left a map without being removed by the owner.
public enum GridEvictionCause: String, Sendable, Equatable {
    /// Its time to live ran out.
    case timeToLive
    /// It was not accessed for longer than the max idle time.
    case maxIdle
    /// Its partition was full and the eviction policy chose it.
    case capacity
}
