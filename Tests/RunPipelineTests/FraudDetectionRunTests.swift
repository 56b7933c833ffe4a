import Foundation
import Testing

/// `run-pipeline run fraud-detection` as a user runs it, against an embedded cluster. Each test ends the run
/// with SIGKILL once it has checked the output: the graceful stop is not what these tests are about.
@Suite("run-pipeline run fraud-detection")
struct FraudDetectionRunTests {
    @Test("scores every valid payment exactly once and sends every bad one to the dead-letter topic with its reason")
    func scoresOnceAndRejectsBadInput() throws {
        let fixture = try FraudFixture()
        let start = FraudFixture.now - 3_600_000
        var payments: [(key: String, value: String)] = []
        for index in 0..<200 {
            let card = "c-\(index % 23)"
            payments.append(
                (card, FraudFixture.payment(id: "p-\(index)", card: card, amount: Double(10 + index % 90), time: start + Int64(index) * 1_000)))
        }
        let bad: [(value: String, reason: String)] = [
            (#"{"id":"b-1","card":"c-1","merchant":"m-1","mcc":"5411","country":"US","channel":"pos","amount":12.5,"ti"#, "invalid JSON"),
            (#"{"id":"b-2","card":"c-1","merchant":"m-1","mcc":"5411","country":"US","channel":"pos","time":\#(start)}"#, #"missing field "amount""#),
            (#"{"id":"b-3","card":"c-1","merchant":"m-1","mcc":"5411","country":"US","channel":"pos","amount":"12.5","time":\#(start)}"#, #"field "amount""#),
            (FraudFixture.payment(id: "b-4", card: "c-1", amount: -3, time: start), "must not be negative"),
            (#"{"id":"b-5","card":"c-1","merchant":"m-1","mcc":"5411","country":"US","channel":"pos","amount":1e999,"time":\#(start)}"#, "number out of range"),
            (FraudFixture.payment(id: "b-6", card: "c-1", time: FraudFixture.now + 30 * 86_400_000), "ahead of this machine's clock"),
            (FraudFixture.payment(id: "b-7", card: "", time: start), #"field "card": must not be empty"#),
        ]
        try fixture.send(payments + bad.map { ("c-1", $0.value) }, to: "payments")

        let run = try KafkaCLI.Background(fixture.runArguments())
        defer { _ = try? run.stop(signal: SIGKILL, timeout: .seconds(30)) }
        let scores = try fixture.waitForScores(atLeast: payments.count)
        // Whatever might still come late would be a duplicate: give it a moment, then read again.
        Thread.sleep(forTimeInterval: 1)
        let final = try fixture.scores()
        #expect(final.count == payments.count, "\(final.count) scores for \(payments.count) payments")
        #expect(Set(final.map(\.id)) == Set((0..<200).map { "p-\($0)" }))
        #expect(final.allSatisfy { $0.score >= 0 && $0.score <= 1 && $0.latencyMs >= 0 })
        #expect(scores.count >= payments.count)

        let letters = try fixture.deadLetters()
        #expect(letters.count == bad.count, "\(letters.map(\.reason))")
        for expected in bad {
            let letter = letters.first { $0.payload == expected.value }
            #expect(letter?.reason.contains(expected.reason) == true, "\(expected.reason): got \(letter?.reason ?? "no dead letter")")
            #expect(letter?.origin == "payments")
        }
    }

    @Test("scores a payment that arrives behind the watermark, and counts it as late")
    func scoresLatePayments() throws {
        let fixture = try FraudFixture()
        let start = FraudFixture.now - 3_600_000
        // One card, so one partition: its event time runs to start + 59 s, then two payments an hour older (far
        // past the 5 s allowed lateness) come in, then on-time ones again.
        var payments: [(key: String, value: String)] = (0..<60).map { index in
            ("c-1", FraudFixture.payment(id: "p-\(index)", card: "c-1", amount: Double(10 + index), time: start + Int64(index) * 1_000))
        }
        payments.append(("c-1", FraudFixture.payment(id: "late-1", card: "c-1", amount: 700, time: start - 3_600_000)))
        payments.append(("c-1", FraudFixture.payment(id: "late-2", card: "c-1", merchant: "m-9", time: start - 3_000_000)))
        payments += (60..<80).map { index in
            ("c-1", FraudFixture.payment(id: "p-\(index)", card: "c-1", amount: Double(10 + index), time: start + Int64(index) * 1_000))
        }
        try fixture.send(payments, to: "payments")
        let port = try LoopbackHTTP.freePort()
        let run = try KafkaCLI.Background(fixture.runArguments() + ["--metrics-port", String(port)])
        defer { _ = try? run.stop(signal: SIGKILL, timeout: .seconds(30)) }
        _ = try fixture.waitForScores(atLeast: payments.count)
        Thread.sleep(forTimeInterval: 1)
        let scores = try fixture.scores()
        #expect(scores.count == payments.count, "\(scores.count) scores for \(payments.count) payments")
        #expect(Set(scores.map(\.id)) == Set((0..<80).map { "p-\($0)" } + ["late-1", "late-2"]))

        // They were late indeed: the payments source counted them.
        let late = "slipstream_vertex_events_total{job=\"fraud-detection\",vertex=\"payments\",counter=\"lateEvents\"}"
        let body = try LoopbackHTTP.get("/metrics", port: port).body
        let counted = body.split(separator: "\n").first { $0.hasPrefix(late) }.flatMap { Double($0.split(separator: " ").last!) }
        #expect(counted == 2, "\(body.split(separator: "\n").filter { $0.contains("lateEvents") })")
    }

    @Test("learns from chargebacks that arrive after their payment was scored, and times out the rest as genuine")
    func learnsFromDelayedLabels() throws {
        let fixture = try FraudFixture()
        let start = FraudFixture.now - 6 * 3_600_000
        // Two kinds of payment: large online ones at electronics merchants abroad (all fraud) and everyday ones.
        func batch(_ range: Range<Int>, from time: Int64) -> [(key: String, value: String)] {
            range.map { index in
                let card = "c-\(index % 37)"
                let fraud = index % 10 == 0
                let value = FraudFixture.payment(
                    id: "p-\(index)", card: card, merchant: fraud ? "m-x\(index % 3)" : "m-\(index % 17)",
                    mcc: fraud ? "6051" : "5411", country: fraud ? "RO" : "US", channel: fraud ? "online" : "pos",
                    amount: fraud ? 900 : Double(15 + index % 40), time: time + Int64(index - range.lowerBound) * 1_000)
                return (card, value)
            }
        }
        let first = batch(0..<300, from: start)
        try fixture.send(first, to: "payments")
        let port = try LoopbackHTTP.freePort()
        let run = try KafkaCLI.Background(fixture.runArguments(["label-window=10m"]) + ["--metrics-port", String(port)])
        defer { _ = try? run.stop(signal: SIGKILL, timeout: .seconds(30)) }
        let served = try fixture.waitForScores(atLeast: first.count)
        #expect(served.allSatisfy { $0.modelVersion == 0 }, "nothing was learnt before the labels came")

        // The chargebacks come after the payments were scored; then more payments, whose event time closes the
        // label windows of the first ones (those without a chargeback train as genuine).
        let chargebacks = (0..<300).filter { $0 % 10 == 0 }.map { index in
            ("p-\(index)", FraudFixture.chargeback(paymentID: "p-\(index)", card: "c-\(index % 37)", time: start + Int64(index) * 1_000 + 60_000))
        }
        try fixture.send(chargebacks, to: "chargebacks")
        fixture.waitUntil(vertex: "chargebacks", hasEmitted: chargebacks.count, metricsPort: port)
        // Payments two hours later move event time past every label window of the first ones: those without a
        // chargeback now train as genuine.
        let later = start + 2 * 3_600_000
        try fixture.send(batch(300..<340, from: later), to: "payments")
        // The windows close as event time reaches the scoring stage (the quiet chargeback partition first has
        // to time out as idle): probe with one payment at a time until one is scored by a model that learnt
        // all 300.
        let deadline = ContinuousClock.now.advanced(by: FraudFixture.patience)
        var probe = 0
        while ContinuousClock.now < deadline {
            let scores = try fixture.scores()
            if scores.contains(where: { $0.id.hasPrefix("q-") && $0.modelVersion >= 300 }) { break }
            if scores.count >= 340 + probe {
                try fixture.send([("c-0", FraudFixture.payment(id: "q-\(probe)", card: "c-0", time: later + 40_000 + Int64(probe)))], to: "payments")
                probe += 1
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        try fixture.send(batch(340..<640, from: later + 60_000), to: "payments")
        let scores = try fixture.waitForScores(atLeast: 640 + probe)
        let second = scores.filter { $0.id.hasPrefix("p-") && Int($0.id.dropFirst(2))! >= 340 }
        #expect(second.count == 300)
        #expect(second.allSatisfy { $0.modelVersion >= 300 }, "all 300 first payments were learnt: \(second.map(\.modelVersion).min() ?? 0)")
        let fraud = second.filter { Int($0.id.dropFirst(2))! % 10 == 0 }.map(\.score)
        let genuine = second.filter { Int($0.id.dropFirst(2))! % 10 != 0 }.map(\.score)
        let meanFraud = fraud.reduce(0, +) / Double(fraud.count)
        let meanGenuine = genuine.reduce(0, +) / Double(genuine.count)
        #expect(meanFraud > 0.2 && meanFraud > 5 * meanGenuine, "fraud scored \(meanFraud) on average, genuine \(meanGenuine)")
    }
}
