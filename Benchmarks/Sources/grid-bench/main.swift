// grid-bench: the grid-map update path a `stateful` stage uses, memory per key, and the delayed-label join.
import Foundation
import SlipstreamGrid

let keyCount = 1_000_000
let updateCount = 10_000_000

print("grid-bench: \(updateCount) updates over \(keyCount) keys (Zipf s=0.99), value \(MemoryLayout<Activity>.stride) bytes")
let workload = UpdateBenchmark(keyCount: keyCount, updateCount: updateCount, zipfExponent: 0.99, seed: 42)
print("  distinct keys touched: \(workload.distinctKeys)")

let withTTL = GridMapConfiguration(expiry: .init(timeToLive: .seconds(30 * 86_400)))
var memory = workload.bytesPerKey(configuration: GridMapConfiguration())
var ttlMemory = workload.bytesPerKey(configuration: withTTL)
memory.keepAlive.release()
ttlMemory.keepAlive.release()
let valueBytes = Double(MemoryLayout<Activity>.stride)
print(String(format: "  memory: %.1f bytes/key resident (%.1f beyond the value), %.1f estimated",
             memory.resident, memory.resident - valueBytes, memory.estimated))

let plain = GridMapConfiguration()
let one = workload.run(threads: 1, configuration: plain)
print(String(format: "  1 thread:  %.0f updates/s (%d keys)", one.updatesPerSecond, one.entries))
let two = workload.run(threads: 2, configuration: plain)
print(String(format: "  2 threads: %.0f updates/s (%d keys), %.2fx of 1 thread",
             two.updatesPerSecond, two.entries, two.updatesPerSecond / one.updatesPerSecond))

let ttlOne = workload.run(threads: 1, configuration: withTTL)
print(String(format: "  with a processing-time TTL: %.0f updates/s on 1 thread, %.1f bytes/key resident",
             ttlOne.updatesPerSecond, ttlMemory.resident))

let json: [String: Double] = [
    "updates_per_s_1_thread": one.updatesPerSecond.rounded(),
    "updates_per_s_2_threads": two.updatesPerSecond.rounded(),
    "bytes_per_key": (memory.resident * 10).rounded() / 10,
    "bytes_per_key_beyond_value": ((memory.resident - valueBytes) * 10).rounded() / 10,
    "updates_per_s_1_thread_ttl": ttlOne.updatesPerSecond.rounded(),
    "bytes_per_key_ttl": (ttlMemory.resident * 10).rounded() / 10,
]
let body = json.keys.sorted().map { "\"\($0)\": \(json[$0]!)" }.joined(separator: ", ")
print("{\(body)}")
