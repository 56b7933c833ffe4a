import Foundation
import Logging
import Slipstream

/// The progress line `run-pipeline run` logs every few seconds: events read by the sources and taken by the
/// sinks (totals and rates since the last line), and the last snapshot.
actor ProgressReporter {
    private let job: Job
    private let sources: Set<String>
    private let sinks: Set<String>
    private let logger: Logger
    private var lastSnapshot: SnapshotReport?
    private var lastSnapshotTime: Date?
    private var previous: (read: Int, written: Int, at: ContinuousClock.Instant)?

    /// Reports on `job`, whose sources and sinks are the vertices of `dag` without inputs and without outputs.
    init(job: Job, dag: DAG, logger: Logger) {
        self.job = job
        sources = Set(dag.vertices.filter { $0.inputType == "\(Never.self)" }.map(\.name))
        sinks = Set(dag.vertices.filter { $0.outputType == "\(Never.self)" }.map(\.name))
        self.logger = logger
    }

    /// Records a snapshot for the next line.
    func record(_ report: SnapshotReport) {
        lastSnapshot = report
        lastSnapshotTime = Date()
    }

    /// Logs a line every `interval` until the task is cancelled or the job ends.
    func run(every interval: Duration) async {
        while !Task.isCancelled && !job.status.isTerminal {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            logLine()
        }
    }

    private func logLine() {
        let now = ContinuousClock.now
        var read = 0
        var written = 0
        for vertex in job.metrics.vertices {
            if sources.contains(vertex.name) { read += vertex.itemsOut }
            if sinks.contains(vertex.name) { written += vertex.itemsIn }
        }
        var line = "\(job.name): read \(read.formatted()) events, wrote \(written.formatted())"
        if let previous {
            let seconds = Double((now - previous.at).components.seconds)
                + Double((now - previous.at).components.attoseconds) / 1e18
            if seconds > 0 {
                let readRate = Int((Double(read - previous.read) / seconds).rounded())
                let writeRate = Int((Double(written - previous.written) / seconds).rounded())
                line += " (\(readRate.formatted())/s in, \(writeRate.formatted())/s out)"
            }
        }
        if let lastSnapshot, let lastSnapshotTime {
            line += "; last snapshot \(lastSnapshot.succeeded ? "committed" : "FAILED") \(Int(-lastSnapshotTime.timeIntervalSinceNow))s ago"
        } else {
            line += "; no snapshot yet"
        }
        previous = (read, written, now)
        logger.info("\(line)")
    }
}
