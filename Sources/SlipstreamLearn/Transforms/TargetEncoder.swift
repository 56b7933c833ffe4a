/// Target encoding of a categorical field: a value is replaced by the smoothed mean target of the events that had
/// it, `(sum + smoothing * prior) / (count + smoothing)`, where the prior is the mean target over all events.
///
/// Online and leak-free: an event is encoded with the statistics of the events before it (`encode`), and its
/// target is learnt afterwards (`learn`). Values are keyed by a 64-bit hash of their bytes (two seeded 32-bit
/// hashes), so encoding builds no string; at most `maxCategories` values are tracked, later new ones encode as the
/// prior.
public struct TargetEncoder: Codable, Hashable, Sendable {
    /// Weight of the prior, in events.
    public let smoothing: Double
    /// Largest number of values tracked.
    public let maxCategories: Int
    /// Per value key: (events, sum of targets).
    public private(set) var statistics: [UInt64: Stat] = [:]
    /// Events learnt.
    public private(set) var count: Double = 0
    /// Sum of all targets learnt.
    public private(set) var sum: Double = 0

    /// Count and target sum of one value.
    public struct Stat: Codable, Hashable, Sendable {
        public var count: Double
        public var sum: Double
    }

    /// Creates an encoder.
    public init(smoothing: Double = 10, maxCategories: Int = 1 << 20) {
        precondition(smoothing >= 0 && maxCategories > 0)
        self.smoothing = smoothing
        self.maxCategories = maxCategories
    }

    /// The key of a value's bytes.
    @inlinable
    public static func key(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        UInt64(MurmurHash3.hash32(bytes, seed: 0x9747_b28c)) << 32 | UInt64(MurmurHash3.hash32(bytes, seed: 0x5bd1_e995))
    }

    /// The key of a value.
    public static func key(_ value: String) -> UInt64 {
        var v = value
        return v.withUTF8 { key(UnsafeRawBufferPointer($0)) }
    }

    /// Mean target over all events (0 before the first).
    public var prior: Double { count > 0 ? sum / count : 0 }

    /// The encoding of a value key.
    public func encode(key: UInt64) -> Double {
        guard let s = statistics[key] else { return prior }
        let denominator = s.count + smoothing
        return denominator > 0 ? (s.sum + smoothing * prior) / denominator : prior
    }

    /// Learns the target of an event whose value had `key`.
    public mutating func learn(key: UInt64, target: Double) {
        guard target.isFinite else { return }
        count += 1
        sum += target
        if var s = statistics[key] {
            s.count += 1
            s.sum += target
            statistics[key] = s
        } else if statistics.count < maxCategories {
            statistics[key] = Stat(count: 1, sum: target)
        }
    }
}
