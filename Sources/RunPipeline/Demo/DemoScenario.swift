/// What one demo run generates: how many payments at what rate, how fast event time runs, the population,
/// and the shape of the fraud and its labels. Everything follows from the command's flags.
struct DemoScenario: Sendable {
    var seed: UInt64
    /// Payments per second of wall-clock time.
    var rate: Double
    /// Payments in the whole run.
    var payments: Int
    /// Event-time milliseconds per wall-clock millisecond: how much faster than life the demo runs.
    var speed: Double
    var cards: Int
    var merchants: Int
    /// How long the pipeline waits for a chargeback before a payment trains as genuine.
    var labelWindowMilliseconds: Int64
    /// One bad payment after every `badEvery` good ones (0: none).
    var badEvery: Int
    /// Multiplies every pattern's incident rate.
    var fraudScale = 1.0
    /// Share of fraud reported only after the label window.
    var lateChargebackShare = 0.08
    /// Share of genuine payments disputed for another reason than fraud.
    var disputeShare = 0.002
    /// Event time of the first payment, milliseconds since 1970.
    var eventStart: Int64

    /// Mean event time between payments, milliseconds.
    var millisecondsPerPayment: Double { speed * 1_000 / rate }

    /// Event time the run covers, milliseconds.
    var eventSpan: Int64 { Int64(Double(payments) * millisecondsPerPayment) }

    /// Wall-clock seconds the generation takes at `rate`.
    var seconds: Double { Double(payments) / rate }
}
