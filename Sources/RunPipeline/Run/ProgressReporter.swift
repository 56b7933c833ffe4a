import Foundation
import Logging
import Slipstream
import SlipstreamTelemetry

/// The progress line `run-pipeline run` logs every few seconds, from the job's ``JobTelemetry``: events read by
/// the sources and taken by the sinks (totals and rates since the last line), the consumer lag when known, the
/// event-to-score latency percentiles of the interval when scores were recorded, each learner's progressive log
/// loss and AUC, and the last snapshot. For example:
///
///     fraud-detection: read 1,204,332 events, wrote 1,204,310 (20,011/s in, 20,007/s out); lag 120;
///     latency p50 1.9 ms, p99 6.2 ms; champion log loss 0.0913 AUC 0.9412 (recent 0.9520), 88,120 examples;
///     last snapshot 41 committed 3s ago in 85 ms
actor ProgressReporter {
    private let job: Job
    private let telemetry: JobTelemetry
    private let sources: Set<String>
    private let sinks: Set<String>
    private let logger: Logger
    /// The figures of the previous line (at first, the start), for the rates.
    private var previous: (read: Int, written: Int, at: ContinuousClock.Instant)
    private var previousLatency: LatencySummary?

    /// Reports on `job`, whose sources and sinks are the vertices of `dag` without inputs and without outputs.
    init(job: Job, dag: DAG, telemetry: JobTelemetry, logger: Logger) {
        self.job = job
        self.telemetry = telemetry
        sources = Set(dag.vertices.filter { $0.inputType == "\(Never.self)" }.map(\.name))
        sinks = Set(dag.vertices.filter { $0.outputType == "\(Never.self)" }.map(\.name))
        self.logger = logger
        previous = (0, 0, .now)
    }

    /// Logs a line every `interval` until the task is cancelled or the job ends.
    func run(every interval: Duration) async {
        while !Task.isCancelled && !job.status.isTerminal {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            logger.info("\(line())")
        }
    }

    /// The next line; rates and latency percentiles cover the time since the previous one.
    func line() -> String {
        let now = ContinuousClock.now
        var read = 0
        var written = 0
        for vertex in job.metrics.vertices {
            if sources.contains(vertex.name) { read += vertex.itemsOut }
            if sinks.contains(vertex.name) { written += vertex.itemsIn }
        }
        var parts = ["read \(read.formatted()) events, wrote \(written.formatted())"]
        let seconds = Self.seconds(now - previous.at)
        if seconds > 0 {
            let readRate = Int((Double(read - previous.read) / seconds).rounded())
            let writeRate = Int((Double(written - previous.written) / seconds).rounded())
            parts[0] += " (\(readRate.formatted())/s in, \(writeRate.formatted())/s out)"
        }
        previous = (read, written, now)
        if let lag = telemetry.consumerLag() {
            parts.append("lag \(lag.reduce(0) { $0 + $1.records }.formatted())")
        }
        let latency = telemetry.eventToScoreLatency.read()
        let interval = previousLatency.map { latency.since($0) } ?? latency
        previousLatency = latency
        if let p50 = interval.percentile(0.5), let p99 = interval.percentile(0.99) {
            parts.append("latency p50 \(Self.milliseconds(p50)), p99 \(Self.milliseconds(p99))")
        }
        for learner in telemetry.learnerProgress() {
            parts.append(Self.describe(learner))
        }
        if let (report, time) = telemetry.lastSnapshot() {
            let id = report.snapshotID.map { " \($0)" } ?? ""
            let ago = "\(Int(-time.timeIntervalSinceNow))s ago"
            parts.append(
                report.succeeded
                    ? "last snapshot\(id) committed \(ago) in \(Self.milliseconds(report.duration))"
                    : "last snapshot\(id) FAILED \(ago)")
        } else {
            parts.append("no snapshot yet")
        }
        return "\(job.name): " + parts.joined(separator: "; ")
    }

    private static func describe(_ learner: LearnerProgress) -> String {
        var text = learner.name
        if let logLoss = learner.logLoss { text += String(format: " log loss %.4f", logLoss) }
        if let auc = learner.auc { text += String(format: " AUC %.4f", auc) }
        if let recent = learner.rollingAUC { text += String(format: " (recent %.4f)", recent) }
        if learner.logLoss == nil && learner.auc == nil { text += " no labels yet" }
        return text + ", \(learner.examples.formatted()) examples"
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let value = seconds(duration) * 1000
        return value < 10 ? String(format: "%.1f ms", value) : "\(Int(value.rounded())) ms"
    }
}
