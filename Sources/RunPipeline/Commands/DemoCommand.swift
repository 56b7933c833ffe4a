import ArgumentParser
import Foundation
import SlipstreamPipelines

/// `run-pipeline demo`: the whole system on one machine. An embedded Kafka cluster, a generator of card payments
/// with fraud patterns that change over time and chargebacks that arrive days (of event time) later, the
/// `fraud-detection` pipeline scoring and learning in-process, a progress line, and a summary.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the fraud-detection demo on an embedded Kafka cluster.",
        discussion: """
            Starts an embedded Kafka cluster and the fraud-detection pipeline, then writes generated card payments \
            to the `payments` topic at --rate per second for --duration. The pipeline scores every payment to \
            `fraud-scores` and learns from the chargebacks written to `chargebacks`.

            Event time runs --speed faster than the clock (by default half a day per second, a month in a minute), so chargebacks \
            that come hours or days after their payment arrive within the demo: fraud is charged back within \
            the label window (--label-window, default three days of event time; a few only after it), and a \
            payment without a chargeback by then trains as genuine. Three fraud patterns take turns: bursts on \
            compromised cards, a fraud ring at gambling merchants, and later a new one, card testing followed by \
            a cash-out. One payment in --bad-every is bad input (broken JSON, a missing field, a negative or \
            infinite amount, a time far in the future…): each must land in the dead-letter topic.

            A progress line every --progress-interval shows payments produced, scores, labels, dead letters and \
            the progressive log loss and ROC AUC of the scores (each score was made before its payment's label \
            reached the model). The summary compares the AUC with a constant predictor's 0.5 and checks that \
            every payment was scored exactly once and no bad one was scored; the exit status is 1 if not.

            With no flags it takes about a minute. Ctrl-C stops the generator early and prints the summary.
            """
    )

    @Option(help: ArgumentHelp("Payments per second of wall-clock time.", valueName: "per-second"))
    var rate = 2_000.0

    @Option(help: ArgumentHelp("How long to generate payments: 60s, 2m…", valueName: "duration"))
    var duration = "60s"

    @Option(help: ArgumentHelp("Generate this many payments instead of --duration's worth.", valueName: "count"))
    var count: Int?

    @Option(help: "Seed of the generated payments: the same seed gives the same stream.")
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp("Event time per second of wall-clock time: 2h, 30m, 1d…", valueName: "duration"))
    var speed = "12h"

    @Option(
        help: ArgumentHelp(
            "How long (event time) the pipeline waits for a chargeback before a payment trains as genuine.",
            valueName: "duration"))
    var labelWindow = "3d"

    @Option(help: "Cards in the generated population.")
    var cards = 3_000

    @Option(help: "Merchants in the generated population.")
    var merchants = 2_000

    @Option(help: ArgumentHelp("One bad payment after every this many good ones (0: none).", valueName: "count"))
    var badEvery = 500

    @Option(help: ArgumentHelp("Multiplies how often fraud happens.", valueName: "factor"))
    var fraudScale = 1.0

    @Option(help: "Minimum partitions of the payments and scores topics.")
    var partitions = 4

    @Option(help: ArgumentHelp("Worker threads of the pipeline (default: one per core).", valueName: "count"))
    var threads: Int?

    @Option(help: ArgumentHelp("Time between progress lines on stderr, or 'off'.", valueName: "duration"))
    var progressInterval = "2s"

    @Flag(help: "Print the summary as one JSON object on the last line of stdout too.")
    var json = false

    @Flag(name: .shortAndLong, help: "Log the pipeline's informational messages.")
    var verbose = false

    func validate() throws {
        guard rate.isFinite, (1...1_000_000).contains(rate) else {
            throw ValidationError("--rate must be between 1 and 1,000,000 payments per second")
        }
        guard let wall = SettingDuration.parse(duration), (.seconds(1) ... .seconds(86_400)).contains(wall) else {
            throw ValidationError("--duration wants a duration from 1s to 24h such as 60s or 2m, got '\(duration)'")
        }
        if let count { guard (1...50_000_000).contains(count) else { throw ValidationError("--count must be between 1 and 50,000,000") } }
        guard let eventTime = SettingDuration.parse(speed), eventTime >= .milliseconds(1) else {
            throw ValidationError("--speed wants the event time per second of clock, such as 2h or 1d, got '\(self.speed)'")
        }
        guard let window = SettingDuration.parse(labelWindow), window >= .seconds(1) else {
            throw ValidationError("--label-window wants a duration of at least 1s such as 1d or 12h, got '\(labelWindow)'")
        }
        guard (1...10_000_000).contains(cards) else { throw ValidationError("--cards must be between 1 and 10,000,000") }
        guard (20...1_000_000).contains(merchants) else { throw ValidationError("--merchants must be between 20 and 1,000,000") }
        guard badEvery >= 0 else { throw ValidationError("--bad-every must not be negative") }
        guard fraudScale.isFinite, (0...100).contains(fraudScale) else { throw ValidationError("--fraud-scale must be between 0 and 100") }
        guard (1...256).contains(partitions) else { throw ValidationError("--partitions must be between 1 and 256") }
        if let threads { guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256") } }
        if !["off", "none", "0"].contains(progressInterval.lowercased()) {
            guard let interval = SettingDuration.parse(progressInterval), interval >= .milliseconds(100) else {
                throw ValidationError("--progress-interval wants a duration of at least 100ms such as 2s, or 'off', got '\(progressInterval)'")
            }
        }
    }

    func run() async throws {
        let wall = SettingDuration.parse(duration)!
        let payments = count ?? max(1, Int(rate * Double(wall.components.seconds) + rate * Double(wall.components.attoseconds) / 1e18))
        let speedMilliseconds = Double(SettingDuration.parse(speed)!.components.seconds) * 1_000
            + Double(SettingDuration.parse(speed)!.components.attoseconds) / 1e15
        var scenario = DemoScenario(
            seed: seed, rate: rate, payments: payments, speed: speedMilliseconds / 1_000, cards: cards,
            merchants: merchants, labelWindowMilliseconds: SettingDuration.parse(labelWindow)!.milliseconds,
            badEvery: badEvery, eventStart: 0)
        scenario.fraudScale = fraudScale
        // The last payment's time is now: event times never run ahead of the clock (the pipeline rejects those).
        scenario.eventStart = Int64(Date().timeIntervalSince1970 * 1_000) - scenario.eventSpan - 1_000
        let interval: Duration? = ["off", "none", "0"].contains(progressInterval.lowercased())
            ? nil : SettingDuration.parse(progressInterval)
        let run = DemoRun(
            scenario: scenario, partitions: partitions, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
            progressInterval: interval, verbose: verbose)
        let summary = try await run.run()
        print(summary.text)
        if json { print(summary.json) }
        if !summary.verified { throw ExitCode.failure }
    }
}

extension Duration {
    /// Whole milliseconds.
    fileprivate var milliseconds: Int64 {
        components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
    }
}
