/// Which entry leaves a full partition to make room for a new one.
public enum GridEvictionPolicy: String, Sendable, Codable, CaseIterable {
    /// The least recently used entry (read or written longest ago).
    case leastRecentlyUsed = "lru"
    /// The least frequently used entry; among equally used entries, the one used longest ago.
    case leastFrequentlyUsed = "lfu"
}
