import Foundation

/// Where the peer harness and its data live: `../shared/bench` next to the repository (found from this source
/// file's location, or the working directory), unless `--bench-dir` or `SLIPSTREAM_BENCH_DIR` says otherwise;
/// the data folder is `<bench>/data` unless `--data-dir` or `BENCH_DATA` says otherwise.
struct BenchPaths {
    let bench: URL
    let data: URL

    static func locate(benchOverride: String?, dataOverride: String?) -> BenchPaths {
        let env = ProcessInfo.processInfo.environment
        let bench: URL
        if let path = benchOverride ?? env["SLIPSTREAM_BENCH_DIR"] {
            bench = URL(fileURLWithPath: path)
        } else {
            // Benchmarks/Sources/learn-bench/BenchPaths.swift -> repository root, then ../shared/bench.
            let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            let candidates = [repo, URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                              URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent()]
                .map { $0.deletingLastPathComponent().appendingPathComponent("shared/bench") }
            bench = candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("peers_offline.py").path) }
                ?? candidates[0]
        }
        let data = (dataOverride ?? env["BENCH_DATA"]).map { URL(fileURLWithPath: $0) } ?? bench.appendingPathComponent("data")
        return BenchPaths(bench: bench.standardizedFileURL, data: data.standardizedFileURL)
    }
}
