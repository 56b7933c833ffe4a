import Foundation

/// SplitMix64: a small, fast, seedable generator so every run draws the same workload.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Draws ranks 0..<n with probability proportional to 1 / (rank + 1)^s, by inverting the cumulative
/// distribution with a binary search.
struct ZipfDistribution {
    let cumulative: [Double]

    init(count n: Int, exponent s: Double) {
        var c = [Double](repeating: 0, count: n)
        var total = 0.0
        for i in 0..<n {
            total += 1 / pow(Double(i + 1), s)
            c[i] = total
        }
        for i in 0..<n { c[i] /= total }
        cumulative = c
    }

    func draw(_ rng: inout SplitMix64) -> Int {
        let u = Double(rng.next() >> 11) * 0x1p-53
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// The resident set size of this process, from /proc/self/statm (Linux); 0 where unavailable.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Seconds of monotonic time.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// CPU time of the calling thread, in seconds.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Runs `bodies` on one thread each, started together. Returns the wall time until the last finishes and the
/// largest CPU time a thread used: on a machine shared with other work the second shows what the code costs
/// when it is not waiting for a core.
func runConcurrently(_ bodies: [@Sendable () -> Void]) -> (wall: Double, cpu: Double) {
    let ready = DispatchSemaphore(value: 0)
    let go = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    let cpu = CPUTimes(bodies.count)
    for (i, body) in bodies.enumerated() {
        done.enter()
        let thread = Thread {
            ready.signal()
            go.wait()
            let start = threadCPUSeconds()
            body()
            cpu.set(i, threadCPUSeconds() - start)
            done.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    for _ in bodies { ready.wait() }
    let start = monotonicSeconds()
    for _ in bodies { go.signal() }
    done.wait()
    return (monotonicSeconds() - start, cpu.maximum)
}

/// Per-thread CPU times, each written by its own thread before the threads are joined.
final class CPUTimes: @unchecked Sendable {
    // @unchecked: each slot is written by one thread, read after all threads joined.
    private var slots: [Double]
    init(_ n: Int) { slots = Array(repeating: 0, count: n) }
    func set(_ i: Int, _ v: Double) { slots.withUnsafeMutableBufferPointer { $0[i] = v } }
    var maximum: Double { slots.max() ?? 0 }
}
