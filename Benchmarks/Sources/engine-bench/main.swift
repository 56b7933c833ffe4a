// engine-bench: throughput of the dataflow engine. Each part prints its figures and adds its keys to `report`;
// the last line printed is one JSON object with every key.
import Foundation

/// Ordered figures printed as one JSON object at the end.
struct BenchReport {
    private var entries: [(String, String)] = []

    mutating func add(_ key: String, _ value: Double) {
        entries.append((key, value.isFinite ? String(format: "%.1f", value) : "null"))
    }

    mutating func add(_ key: String, _ value: Int) {
        entries.append((key, String(value)))
    }

    var json: String {
        "{" + entries.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}

/// `--name value` from the command line, or `fallback`.
func option(_ name: String, default fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count,
        let value = Int(arguments[index + 1]), value > 0
    else { return fallback }
    return value
}

/// The median of `values`.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

var report = BenchReport()
let runs = option("runs", default: 3)

// MARK: - In-memory pipeline

let items = option("items", default: 10_000_000)
let queueCapacity = option("queue", default: 1024)
print(
    "in-memory: source -> map -> filter -> keyed count -> sink, \(items) items, queues of \(queueCapacity), "
        + "median of \(runs) runs")
let onlyThreads = option("threads", default: 0)
for threads in [1, 2] where onlyThreads == 0 || threads == onlyThreads {
    var rates: [Double] = []
    for run in 1...runs {
        let result = try InMemoryBench.run(items: items, threads: threads, queueCapacity: queueCapacity)
        rates.append(result.itemsPerSecond)
        print(
            "  \(threads) thread(s) run \(run): \(String(format: "%.3f", result.seconds)) s, "
                + "\(String(format: "%.0f", result.itemsPerSecond)) items/s (\(result.received) reached the sink)")
    }
    print("  \(threads) thread(s): median \(String(format: "%.0f", median(rates))) items/s")
    report.add(threads == 1 ? "items_per_s_1_thread" : "items_per_s_2_threads", median(rates))
}

print(report.json)
