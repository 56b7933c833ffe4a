import Foundation
import Testing

/// The telemetry of a learning pipeline: `run-pipeline run fraud-detection --metrics-port --curve`, whose
/// learner learns from chargebacks that arrive after the payments were scored.
@Suite("run-pipeline run fraud-detection telemetry")
struct FraudTelemetryTests {
    @Test("learner series on /metrics and a learning curve that report draws, once the learner has learned")
    func learnerMetricsAndCurve() throws {
        let fixture = try FraudFixture()
        let directory = try EvaluateCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let curve = directory.appendingPathComponent("curve.jsonl")
        let start = FraudFixture.now - 6 * 3_600_000
        func batch(_ range: Range<Int>, from time: Int64) -> [(key: String, value: String)] {
            range.map { index in
                let fraud = index % 10 == 0
                let card = "c-\(index % 37)"
                return (
                    card,
                    FraudFixture.payment(
                        id: "p-\(index)", card: card, mcc: fraud ? "6051" : "5411", country: fraud ? "RO" : "US",
                        amount: fraud ? 900 : Double(15 + index % 40), time: time + Int64(index - range.lowerBound) * 1_000)
                )
            }
        }
        try fixture.send(batch(0..<200, from: start), to: "payments")
        let port = try LoopbackHTTP.freePort()
        let run = try KafkaCLI.Background([
            "run", "fraud-detection", "--brokers", fixture.kafka.bootstrapServers, "--threads", "2",
            "--progress-interval", "500ms", "--metrics-port", String(port), "--curve", curve.path,
            "--set", "start=earliest", "--set", "idle-timeout=200ms", "--set", "label-window=10m",
        ])
        defer { _ = try? run.stop(signal: SIGKILL, timeout: .seconds(30)) }
        _ = try fixture.waitForScores(atLeast: 200)
        let chargebacks = (0..<200).filter { $0 % 10 == 0 }.map { index in
            ("p-\(index)", FraudFixture.chargeback(paymentID: "p-\(index)", card: "c-\(index % 37)", time: start + Int64(index) * 1_000 + 60_000))
        }
        try fixture.send(chargebacks, to: "chargebacks")
        fixture.waitUntil(vertex: "chargebacks", hasEmitted: chargebacks.count, metricsPort: port)
        // Payments two hours later move event time past the label windows: the first 200 then train.
        let later = start + 2 * 3_600_000
        try fixture.send(batch(200..<240, from: later), to: "payments")

        let examples = "slipstream_learner_examples_total{job=\"fraud-detection\""
        let deadline = ContinuousClock.now.advanced(by: FraudFixture.patience)
        var learned = 0.0
        var probe = 0
        var body = ""
        while ContinuousClock.now < deadline {
            body = (try? LoopbackHTTP.get("/metrics", port: port).body) ?? ""
            learned = body.split(separator: "\n").filter { $0.hasPrefix(examples) }
                .compactMap { Double($0.split(separator: " ").last!) }.max() ?? 0
            // AUC needs both classes judged: wait for it too.
            if learned >= 200 && body.contains("slipstream_learner_auc{job=\"fraud-detection\"") { break }
            // The quiet chargeback partition must time out as idle before windows close: nudge event time on.
            try fixture.send([("c-0", FraudFixture.payment(id: "q-\(probe)", card: "c-0", time: later + 40_000 + Int64(probe)))], to: "payments")
            probe += 1
            Thread.sleep(forTimeInterval: 0.3)
        }
        #expect(learned >= 200, "the learner learned \(learned) examples")
        let lines = body.split(separator: "\n").map(String.init)
        for name in ["slipstream_learner_log_loss", "slipstream_learner_auc"] {
            #expect(lines.contains { $0.hasPrefix("\(name){job=\"fraud-detection\"") }, "\(name)")
        }
        // The curve is written at each progress interval: once it holds a checkpoint of the learnt model, a
        // progress line has had its interval to show the learner too.
        let curveDeadline = ContinuousClock.now.advanced(by: FraudFixture.patience)
        while ContinuousClock.now < curveDeadline,
            (try? String(contentsOf: curve, encoding: .utf8))?.contains("\"auc\":") != true
        {
            Thread.sleep(forTimeInterval: 0.1)
        }
        Thread.sleep(forTimeInterval: 0.6)
        let stopped = try run.stop(signal: SIGTERM, timeout: .seconds(130))
        #expect(stopped.status == 0, "\(stopped.stderr.suffix(2_000))")
        #expect(stopped.stderr.contains("log loss"), "the progress line names the learner's log loss")

        let checkpoints = try String(contentsOf: curve, encoding: .utf8).split(separator: "\n")
        #expect(!checkpoints.isEmpty, "no checkpoint; the run's stderr: \(stopped.stderr.suffix(2_000))")
        let last = try #require(checkpoints.last.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect((last["examples"] as? Int).map { $0 >= 200 } == true, "\(last)")
        #expect(last["log_loss"] is Double && last["auc"] is Double, "\(last)")
        let report = try ReportCommandTests.run(["report", curve.path])
        #expect(report.status == 0, "\(report.stderr)")
    }
}
