import Foundation

/// The Python streaming peers of the shared harness (`peers_kafka.py`): Bytewax + River and Quix Streams + River,
/// each replaying a backlog from its own embedded mock cluster through the same kind of pipeline (parse, per-key
/// state, features, River's predict-then-learn, scores to Kafka), one case at a time.
enum KafkaPeers {
    struct Record {
        var name: String
        var eventsPerSecond: Double
        var logLoss: Double?
    }

    /// The harness: `--bench-dir`, `SLIPSTREAM_BENCH_DIR`, or `shared/bench` beside the repository.
    static func locate(_ override: String?) -> URL {
        if let path = override ?? ProcessInfo.processInfo.environment["SLIPSTREAM_BENCH_DIR"] {
            return URL(fileURLWithPath: path)
        }
        // Benchmarks/Sources/pipeline-bench/KafkaPeers.swift -> the repository, then ../shared/bench.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [repository, URL(fileURLWithPath: FileManager.default.currentDirectoryPath)].map {
            $0.deletingLastPathComponent().appendingPathComponent("shared/bench")
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("peers_kafka.py").path) }
            ?? candidates[0]
    }

    /// Runs `cases` (such as `bytewax`, `quix`) over `events` events of the `ctr` stream; one record per case that
    /// completed with every score, or why none could be measured.
    static func run(bench: URL, cases: [String], events: Int) -> Result<[Record], BenchError> {
        let script = bench.appendingPathComponent("peers_kafka.py")
        guard FileManager.default.fileExists(atPath: script.path) else {
            return .failure(BenchError("peer harness not found at \(script.path) (use --bench-dir)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script.path, "--dataset", "ctr", "--n", String(events), "--cases", cases.joined(separator: ","),
            "--json",
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return .failure(BenchError("cannot start python3: \(error)")) }
        let errors = ErrorTail(err)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var records: [Record] = []
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let name = object["case"] as? String, object["ok"] as? Bool == true,
                let evs = (object["evs"] as? NSNumber)?.doubleValue
            else { continue }
            records.append(Record(name: name, eventsPerSecond: evs, logLoss: (object["logloss"] as? NSNumber)?.doubleValue))
        }
        if records.isEmpty {
            return .failure(
                BenchError("peers_kafka.py measured nothing (exit status \(process.terminationStatus)): \(errors.text)"))
        }
        return .success(records)
    }
}

/// Keeps the last lines of a child's stderr, read on a thread of its own.
final class ErrorTail: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        Thread { [self] in
            let all = pipe.fileHandleForReading.readDataToEndOfFile()
            lock.withLock { data = all }
            done.signal()
        }.start()
    }

    var text: String {
        done.wait()
        done.signal()
        return lock.withLock { String(decoding: data, as: UTF8.self) }.split(separator: "\n").suffix(3)
            .joined(separator: " | ")
    }
}
