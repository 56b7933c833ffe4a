/// The peer for the update path: a plain Swift `Dictionary` updated in place, the state a hand-written
/// processor would keep. It has no partitions, expiry or snapshots, so it is a speed and memory reference,
/// not a replacement.
struct DictionaryPeer {
    static func updatesPerSecond(_ keys: [Int]) -> (wall: Double, cpu: Double) {
        var state: [Int: Activity] = [:]
        var amount = 1.0
        let start = monotonicSeconds()
        let cpuStart = threadCPUSeconds()
        for key in keys {
            Self.record(&state[key, default: Activity()], amount)
            amount += 0.5
        }
        let seconds = monotonicSeconds() - start
        let cpu = threadCPUSeconds() - cpuStart
        precondition(state.count > 0)
        return (Double(keys.count) / seconds, Double(keys.count) / cpu)
    }

    @inline(__always)
    static func record(_ a: inout Activity, _ amount: Double) {
        a.count &+= 1
        a.sum += amount
    }

    static func bytesPerKey(keyCount: Int) -> (Double, [Int: Activity]) {
        let before = residentBytes()
        var state: [Int: Activity] = [:]
        for id in 0..<keyCount { state[id &* 2_654_435_761, default: Activity()].count += 1 }
        return (Double(residentBytes() - before) / Double(keyCount), state)
    }
}
