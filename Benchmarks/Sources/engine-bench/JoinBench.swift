// A delayed-label join alone: payments waiting up to a minute of event time for a chargeback (1% get one), as the
// fraud pipeline's label joins do, in memory on one worker thread. The payments arrive as a consumer reads a
// backlog: 16 partitions, each in time order, taken in turns of 500, so the merged stream is out of order by
// seconds; the one-to-one join buffer's deadline buckets and key index do most of the work.

import Atomics
import BenchSupport
import Foundation
import Slipstream

/// A payment of the join part: an id like the fraud pipeline's and its event time.
struct JoinBenchPayment: Sendable {
    var id: String
    var time: Int64
}

/// A chargeback of the join part, naming its payment.
struct JoinBenchChargeback: Sendable {
    var paymentID: String
    var time: Int64
}

/// The figures of ``runJoinBenchmark(payments:rounds:log:)``: medians over the rounds.
struct JoinBenchFigures {
    /// Payments per second through the join (matched or handed out unmatched when their window closed).
    var paymentsPerSecond: Double
}

/// Runs the join `rounds` times over the same streams and checks the outcome each time.
func runJoinBenchmark(payments count: Int, rounds: Int, log: (String) -> Void = { print($0) }) throws -> JoinBenchFigures {
    let partitions = 16
    let turn = 500
    // Payment n happens at n ms (1,000 a second); partition p holds the payments n with n % partitions == p.
    var payments: [JoinBenchPayment] = []
    payments.reserveCapacity(count)
    var cursors = Array(repeating: 0, count: partitions)
    var partition = 0
    while payments.count < count {
        var taken = 0
        while taken < turn {
            let n = cursors[partition] * partitions + partition
            guard n < count else { break }
            payments.append(JoinBenchPayment(id: "p-\(n)", time: Int64(n)))
            cursors[partition] += 1
            taken += 1
        }
        partition = (partition + 1) % partitions
    }
    // 1% of payments get a chargeback 1 to 50 s later, in time order.
    var chargebacks: [JoinBenchChargeback] = []
    for n in stride(from: 0, to: count, by: 100) {
        let delay = 1_000 + (n &* 7_919) % 49_000
        chargebacks.append(JoinBenchChargeback(paymentID: "p-\(n)", time: Int64(n + delay)))
    }
    chargebacks.sort { $0.time < $1.time }

    var rates: [Double] = []
    for round in 1...max(rounds, 1) {
        let matched = ManagedAtomic<Int>(0)
        let unmatched = ManagedAtomic<Int>(0)
        let pipeline = Pipeline("join-bench") { p in
            let served = p.read(.sequence(payments), name: "payments")
                .timestamps(\JoinBenchPayment.time, allowedLateness: .seconds(30))
            let labels = p.read(.sequence(chargebacks), name: "chargebacks")
                .timestamps(\JoinBenchChargeback.time, allowedLateness: .seconds(30))
            served.grouped(by: \JoinBenchPayment.id)
                .join(
                    labels.grouped(by: \JoinBenchChargeback.paymentID), within: .rightFollows(within: .seconds(60)),
                    time: { $0.time }, otherTime: { $0.time }, unmatched: .emit
                )
                .map { output -> (matched: Int, unmatched: Int) in
                    switch output {
                    case .matched: (1, 0)
                    case .unmatchedLeft, .unmatchedRight: (0, 1)
                    }
                }
                .write(.forEach { counts in
                    matched.wrappingIncrement(by: counts.matched, ordering: .relaxed)
                    unmatched.wrappingIncrement(by: counts.unmatched, ordering: .relaxed)
                })
        }
        let configuration = PipelineConfiguration(cooperativeThreads: 1, job: JobConfig(defaultParallelism: 1))
        let start = ContinuousClock.now
        try pipeline.run(configuration)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let (joined, alone) = (matched.load(ordering: .relaxed), unmatched.load(ordering: .relaxed))
        guard joined == chargebacks.count, alone == count - chargebacks.count else {
            throw KafkaBenchError("join round \(round): \(joined) matched of \(chargebacks.count), \(alone) unmatched")
        }
        rates.append(Double(count) / seconds)
        log(String(format: "  join round %d: %10.0f payments/s (%.2f s)", round, rates.last!, seconds))
    }
    let figures = JoinBenchFigures(paymentsPerSecond: median(rates))
    log(
        String(
            format: "join: %d payments waiting up to 60 s for 1%% chargebacks, 1 thread: %.0f payments/s (median)",
            count, figures.paymentsPerSecond))
    return figures
}
