import Foundation

/// What the generator knows and the pipeline must find out: for every payment it made, whether it was valid,
/// whether it was fraud (and by which pattern), and whether its fraud chargeback arrives within the label
/// window. The score reader checks each score against it. Written by the producer thread, read by the reader
/// thread, one lock per batch.
final class DemoTruth: @unchecked Sendable {
    struct Payment {
        /// Raw ``FraudPattern`` plus one; 0 for a genuine payment.
        var pattern: UInt8 = 0
        var isValid = false
        var isBad = false
        var labelledFraud = false

        var fraudPattern: FraudPattern? { pattern == 0 ? nil : FraudPattern(rawValue: Int(pattern) - 1) }
    }

    /// Counts of what was produced.
    struct Produced {
        var payments = 0
        var badPayments = 0
        var frauds = 0
        var fraudChargebacks = 0
        var otherChargebacks = 0
        /// Event time of the latest payment, milliseconds.
        var eventTime: Int64 = 0
    }

    private let lock = NSLock()
    private var payments: [Payment]
    private var produced = Produced()

    init(capacity: Int) {
        payments = []
        payments.reserveCapacity(capacity)
    }

    /// Records a generated event (before it is sent).
    func record(_ event: GeneratedEvent) {
        lock.withLock {
            switch event.kind {
            case .payment, .badPayment:
                if payments.count <= event.sequence {
                    payments.append(contentsOf: repeatElement(Payment(), count: event.sequence + 1 - payments.count))
                }
                var entry = Payment()
                if case .badPayment = event.kind {
                    entry.isBad = true
                    produced.badPayments += 1
                } else {
                    entry.isValid = true
                    produced.payments += 1
                    produced.eventTime = event.time
                }
                if let pattern = event.pattern {
                    entry.pattern = UInt8(pattern.rawValue + 1)
                    produced.frauds += 1
                }
                entry.labelledFraud = event.labelledFraud
                payments[event.sequence] = entry
            case .chargeback:
                if event.labelledFraud { produced.fraudChargebacks += 1 } else { produced.otherChargebacks += 1 }
            }
        }
    }

    /// The counts so far.
    var counts: Produced { lock.withLock { produced } }

    /// Runs `body` with the payments table (one lock for a whole batch of lookups).
    func withPayments<R>(_ body: ([Payment]) -> R) -> R {
        lock.withLock { body(payments) }
    }
}
