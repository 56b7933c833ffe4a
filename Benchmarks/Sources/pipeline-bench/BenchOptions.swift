import Foundation

/// pipeline-bench's command line.
struct BenchOptions {
    /// Payments in the throughput backlog (and in the peers' replay).
    var events = 300_000
    /// Payments per second in the latency run.
    var rate = 20_000
    /// Seconds of the latency run that are measured (after `warmup`).
    var latencySeconds = 10
    var warmupSeconds = 3
    /// `linger.ms` of the latency run's payment producer.
    var inputLingerMilliseconds = 5
    /// `fetch.wait.max.ms` of the pipeline's payments source in the latency run: what a pipeline scoring on the
    /// embedded cluster sets (its mock holds every empty fetch this long, plus up to a millisecond).
    var fetchWaitMilliseconds = 1
    /// kcat runs over the backlog; the median counts (one run swings several-fold on a loaded machine).
    var repeats = 5
    var threads = ProcessInfo.processInfo.activeProcessorCount
    var benchDirectory: String?
    var skipPeers = false
    /// Which runs to make: both (the default), or only one of them for a quick look.
    var runs: Set<String> = ["throughput", "latency"]

    static let usage = """
        usage: pipeline-bench [--events N] [--rate R] [--latency-seconds S] [--warmup-seconds S] [--repeats K]
                              [--input-linger-ms L] [--fetch-wait-ms W]
                              [--threads T] [--bench-dir DIR] [--skip-peers]
                              [--only throughput|latency]
        """

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            if flag == "--skip-peers" {
                skipPeers = true
                continue
            }
            if flag == "--help" || flag == "-h" { throw BenchError(Self.usage) }
            guard let text = iterator.next() else { throw BenchError("\(flag) wants a value\n\(Self.usage)") }
            if flag == "--bench-dir" {
                benchDirectory = text
                continue
            }
            if flag == "--only" {
                guard text == "throughput" || text == "latency" else {
                    throw BenchError("--only wants throughput or latency, got '\(text)'")
                }
                runs = [text]
                continue
            }
            if flag == "--input-linger-ms" {
                guard let value = Int(text), value >= 0 else { throw BenchError("--input-linger-ms wants a whole number, got '\(text)'") }
                inputLingerMilliseconds = value
                continue
            }
            guard let value = Int(text), value > 0 else { throw BenchError("\(flag) wants a positive integer, got '\(text)'") }
            switch flag {
            case "--events": events = value
            case "--rate": rate = value
            case "--latency-seconds": latencySeconds = value
            case "--warmup-seconds": warmupSeconds = value
            case "--repeats": repeats = value
            case "--threads": threads = value
            case "--fetch-wait-ms": fetchWaitMilliseconds = value
            default: throw BenchError("unknown option \(flag)\n\(Self.usage)")
            }
        }
    }
}
