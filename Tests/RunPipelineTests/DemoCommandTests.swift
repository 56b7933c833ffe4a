import Foundation
import Testing

@Suite("run-pipeline demo")
struct DemoCommandTests {
    /// The summary's JSON line.
    struct Summary: Decodable {
        var payments: Int
        var frauds: Int
        var scores: Int
        var missing: Int
        var duplicates: Int
        var bad_payments: Int
        var bad_payments_scored: Int
        var dead_letters: Int
        var labels_joined: Int
        var negatives_by_timeout: Int
        var examples_learned: Int
        var model_version: Int
        var auc: Double?
        var verified: Bool
    }

    /// A short demo with event time running fast, so that labels arrive and windows close within seconds.
    static func runDemo(_ extra: [String] = []) throws -> (KafkaCLI.Result, Summary?) {
        let result = try KafkaCLI.run(
            ["demo", "--duration", "10s", "--rate", "2500", "--seed", "7", "--speed", "4h", "--label-window", "12h",
             "--fraud-scale", "3", "--bad-every", "400", "--progress-interval", "off", "--threads", "2", "--json"] + extra,
            timeout: .seconds(150))
        let summary = result.stdoutLines.last.flatMap { try? JSONDecoder().decode(Summary.self, from: Data($0.utf8)) }
        return (result, summary)
    }

    @Test("scores every payment exactly once, learns from delayed labels and beats a constant predictor")
    func fraudDemo() throws {
        let (result, summary) = try Self.runDemo()
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        let figures = try #require(summary, "no JSON summary: \(result.stdout)")
        #expect(figures.verified)
        #expect(figures.payments == 25_000 - figures.bad_payments)
        #expect(figures.scores == figures.payments && figures.missing == 0 && figures.duplicates == 0)
        #expect(figures.labels_joined > 0, "chargebacks were joined to the served features")
        #expect(figures.negatives_by_timeout > 0, "payments without a chargeback trained as genuine")
        #expect(figures.examples_learned >= figures.labels_joined + figures.negatives_by_timeout)
        #expect(figures.model_version > 0)
        #expect((figures.auc ?? 0) > 0.75, "progressive AUC \(figures.auc ?? .nan) vs 0.5 for a constant predictor")
        #expect(figures.bad_payments > 0 && figures.dead_letters == figures.bad_payments && figures.bad_payments_scored == 0)
        #expect(result.stdout.contains("verified      every payment scored exactly once"))
    }

    @Test("bad flags are refused with a message naming the flag")
    func badFlags() throws {
        for (arguments, message) in [
            (["--rate", "0"], "--rate"), (["--duration", "soon"], "--duration"), (["--speed", "-1h"], "--speed"),
            (["--label-window", "0s"], "--label-window"), (["--cards", "0"], "--cards"),
        ] {
            let result = try KafkaCLI.run(["demo"] + arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
