// learn-bench: Slipstream's learner speed and quality on the `ctr` and `dense` streams of the peer harness,
// side by side with Vowpal Wabbit (its own C++ parser on its own text format, pinned to one CPU) and River,
// measured in the same run. Ours reads the JSON Lines file, parsing included. The last line is one JSON object.
//
//   learn-bench [--runs 3] [--datasets ctr,dense] [--vw-peer vw_native_1cpu] [--peer-repeats 3] [--no-river]
//               [--no-peers] [--bench-dir DIR] [--data-dir DIR]
import BenchSupport
import Foundation

let usage = """
    learn-bench: progressive-validation speed and quality of Slipstream on the ctr and dense streams of the peer
    harness, beside Vowpal Wabbit and River measured in the same run. The last line of output is one JSON object.

    usage: learn-bench [options]
      --runs N            passes of ours per dataset; the median is reported (default 3)
      --datasets LIST     comma-separated, from ctr, dense (default ctr,dense)
      --vw-peer NAME      the Vowpal Wabbit peer of peers_offline.py (default vw_native_1cpu)
      --peer-repeats N    timing passes of each peer (default 3)
      --no-river          skip River
      --no-peers          skip every peer (no ratios)
      --bench-dir DIR     the peer harness (default: ../shared/bench beside the repository, or SLIPSTREAM_BENCH_DIR)
      --data-dir DIR      the generated streams (default: <bench-dir>/data, or BENCH_DATA)
      --help              this text
    """
if CommandLine.arguments.contains("--help") || CommandLine.arguments.contains("-h") {
    print(usage)
    exit(0)
}

func argument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: "--\(name)"), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func flag(_ name: String) -> Bool { CommandLine.arguments.contains("--\(name)") }

func grouped(_ v: Double) -> String {
    guard v.isFinite else { return "n/a" }
    let f = NumberFormatter()
    f.numberStyle = .decimal
    f.maximumFractionDigits = 0
    return f.string(from: NSNumber(value: v.rounded())) ?? String(Int(v))
}

func fixed(_ v: Double?, _ digits: Int = 4) -> String {
    guard let v, v.isFinite else { return "n/a" }
    return String(format: "%.\(digits)f", v)
}

/// Keys and values of the final JSON line, in order.
struct Report {
    private(set) var entries: [(String, String)] = []
    mutating func add(_ key: String, _ value: Double?) {
        entries.append((key, value.map { $0.isFinite ? String(format: $0.magnitude >= 1000 ? "%.0f" : "%.6g", $0) : "null" } ?? "null"))
    }
    mutating func add(_ key: String, text: String) { entries.append((key, "\"\(text)\"")) }
    var json: String { "{" + entries.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}" }
}
var report = Report()

let runs = max(1, Int(argument("runs") ?? "") ?? 3)
let peerRepeats = max(1, Int(argument("peer-repeats") ?? "") ?? 3)
let datasets = (argument("datasets") ?? "ctr,dense").split(separator: ",").map(String.init)
let vwPeer = argument("vw-peer") ?? "vw_native_1cpu"
let withPeers = !flag("no-peers")
let withRiver = withPeers && !flag("no-river")
let paths = BenchPaths.locate(benchOverride: argument("bench-dir"), dataOverride: argument("data-dir"))

let schemas: [String: (numeric: [String], categorical: [String])] = [
    "ctr": ([], ["site", "app", "publisher", "ad", "campaign", "advertiser", "creative", "device_model", "os", "geo", "key"]),
    "dense": ((0..<20).map { "x\($0)" }, []),
]

print("learn-bench: progressive validation (predict, then learn), one event at a time, one thread")
print("  ours: JSON Lines read from disk and parsed inside the timed loop (flat lines by the record scanner, others by")
print("        simdjson, as `run-pipeline evaluate` reads them); logistic regression, adaptive")
print("        updates, 22 bits, the defaults of `run-pipeline evaluate`; median of \(runs) runs")
print("  VW:   \(vwPeer) via peers_offline.py: VW reads its own text format with its own parser (no JSON)")
print("  bench harness: \(paths.bench.path)")
print("  note: ratios are taken in this run; absolute figures on a shared machine are noise")

var failed = false
for dataset in datasets {
    guard let schema = schemas[dataset] else {
        print("\(dataset): unknown dataset (choose from ctr, dense)")
        failed = true
        continue
    }
    let file = paths.data.appendingPathComponent("\(dataset).jsonl").path
    guard FileManager.default.fileExists(atPath: file) else {
        print("\(dataset): \(file) not found: run setup.sh of the peer harness, or pass --data-dir")
        failed = true
        continue
    }
    var rates: [Double] = []
    var cpuRates: [Double] = []
    var first: ProgressivePass.Result?
    for run in 1...runs {
        do {
            let r = try ProgressivePass.run(path: file, numeric: schema.numeric, categorical: schema.categorical)
            if first == nil { first = r }
            rates.append(r.examplesPerSecond)
            cpuRates.append(r.examplesPerCPUSecond)
            print("\(dataset): slipstream run \(run): \(grouped(Double(r.examples))) examples in \(fixed(r.seconds, 3)) s = "
                + "\(grouped(r.examplesPerSecond)) ex/s, \(grouped(r.examplesPerCPUSecond)) per CPU-second (logloss \(fixed(r.logloss)), accuracy \(fixed(r.accuracy)), AUC \(fixed(r.auc)); "
                + "\(grouped(Double(r.generalPathLines))) lines through the general path)")
        } catch {
            print("\(dataset): slipstream run \(run) failed: \(error)")
            failed = true
        }
    }
    let ours = median(rates)
    let oursCPU = median(cpuRates)
    print("\(dataset): slipstream median \(grouped(ours)) ex/s, \(grouped(oursCPU)) per CPU-second")
    report.add("\(dataset)_examples_per_s", ours)
    report.add("\(dataset)_logloss", first?.logloss)
    report.add("\(dataset)_accuracy", first?.accuracy)
    report.add("\(dataset)_auc", first?.auc)

    var vw: PeerRunner.Record?
    var river: PeerRunner.Record?
    if withPeers {
        let peers = [vwPeer] + (withRiver ? ["river_lr"] : [])
        switch PeerRunner.run(bench: paths.bench, data: paths.data, dataset: dataset, peers: peers,
                              repeats: peerRepeats, timingRows: 200_000) {
        case .success(let records):
            vw = records.first { $0.peer == vwPeer }
            river = records.first { $0.peer == "river_lr" }
        case .failure(let error):
            print("\(dataset): peers not available: \(error)")
        }
    }
    if let vw {
        print("\(dataset): Vowpal Wabbit \(vwPeer) (own parser, no JSON, \(vw.cpus.map(String.init) ?? "?") CPU): "
            + "\(grouped(vw.examplesPerSecond)) ex/s median of \(peerRepeats), logloss \(fixed(vw.logloss)), AUC \(fixed(vw.auc))")
        print("\(dataset): ratio slipstream / Vowpal Wabbit = \(String(format: "%.2f", ours / vw.examplesPerSecond))x")
        if let vwCPU = vw.examplesPerCPUSecond {
            print("\(dataset): per CPU-second (less sensitive to a loaded machine): slipstream \(grouped(oursCPU)), "
                + "Vowpal Wabbit \(grouped(vwCPU)), ratio \(String(format: "%.2f", oursCPU / vwCPU))x")
        }
    } else if withPeers {
        print("\(dataset): Vowpal Wabbit (\(vwPeer)) is not installed or failed: no ratio printed")
    } else {
        print("\(dataset): peers skipped (--no-peers): no ratio printed")
    }
    if let river {
        print("\(dataset): River river_lr (Python, orjson): \(grouped(river.examplesPerSecond)) ex/s, logloss \(fixed(river.logloss)), "
            + "AUC \(fixed(river.auc)); ratio slipstream / River = \(String(format: "%.1f", ours / river.examplesPerSecond))x")
    } else if withRiver {
        print("\(dataset): River is not installed or failed: no ratio printed")
    }
    report.add("vw_\(dataset)_examples_per_s", vw?.examplesPerSecond)
    report.add("vw_\(dataset)_logloss", vw?.logloss)
    report.add("\(dataset)_ratio_vs_vw", vw.map { ours / $0.examplesPerSecond })
    report.add("\(dataset)_ratio_vs_vw_cpu", vw?.examplesPerCPUSecond.map { oursCPU / $0 })
    report.add("river_\(dataset)_examples_per_s", river?.examplesPerSecond)
    report.add("river_\(dataset)_logloss", river?.logloss)
    report.add("\(dataset)_ratio_vs_river", river.map { ours / $0.examplesPerSecond })
}
report.add("runs", Double(runs))
report.add("vw_peer", text: vwPeer)
print(report.json)
if failed { exit(1) }
