import Foundation

/// Runs `peers_offline.py` of the peer harness for one dataset and returns its JSON records (one per peer), or
/// why it could not (no python, no venv, peer not installed, script failure).
enum PeerRunner {
    struct Record {
        var peer: String
        var examplesPerSecond: Double
        var logloss: Double?
        var auc: Double?
        var accuracy: Double?
        var cpus: Int?
        /// CPU seconds per wall second of the timing passes (VW's parser and learner threads together).
        var cpuPerWall: Double?
        var examplesPerCPUSecond: Double? { cpuPerWall.flatMap { $0 > 0 ? examplesPerSecond / $0 : nil } }
    }

    static func run(bench: URL, data: URL, dataset: String, peers: [String], repeats: Int, timingRows: Int) -> Result<[Record], BenchError> {
        let script = bench.appendingPathComponent("peers_offline.py")
        guard FileManager.default.fileExists(atPath: script.path) else {
            return .failure(BenchError("peer harness not found at \(script.path) (use --bench-dir)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--dataset", dataset, "--peers", peers.joined(separator: ","),
                             "--repeats", String(repeats), "--timing-rows", String(timingRows),
                             "--data-dir", data.path, "--json"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return .failure(BenchError("cannot start python3: \(error)")) }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let tail = String(decoding: errData, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: " | ")
            return .failure(BenchError("peers_offline.py exited with status \(process.terminationStatus): \(tail)"))
        }
        var records: [Record] = []
        for line in String(decoding: outData, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let peer = object["peer"] as? String, let evs = object["median_evs"] as? Double else { continue }
            records.append(Record(peer: peer, examplesPerSecond: evs, logloss: object["logloss"] as? Double,
                                  auc: object["auc"] as? Double, accuracy: object["accuracy"] as? Double,
                                  cpus: object["vw_cpus"] as? Int, cpuPerWall: object["cpu_per_wall"] as? Double))
        }
        return .success(records)
    }
}
