import Foundation
import Slipstream

/// What the pipeline remembers about one card, kept in a grid map partitioned by card: the card's recent
/// payments and the running statistics of its amounts. ``record(_:)`` folds a payment in and returns the
/// ``CardSignals`` that payment is scored with, computed from the card's history *before* it.
///
/// Memory is bounded per card: only the payments of the last 24 hours are kept, at most
/// ``recentCapacity`` of them (a card past that many in a day is extreme whatever the exact count), so the
/// velocity and distinct-merchant counts saturate there.
public struct CardActivity: Sendable, Hashable {
    /// One recent payment: when, and a hash of where.
    struct Recent: Sendable, Hashable {
        var time: Int64
        var merchant: UInt64
    }

    /// Most recent payments kept per card.
    public static let recentCapacity = 32
    static let tenMinutes: Int64 = 600_000
    static let day: Int64 = 86_400_000

    /// Payments seen on the card (all time).
    public internal(set) var payments: Int64 = 0
    /// Running mean and squared deviations of `log(1 + amount)` (Welford): amounts are heavy-tailed, their
    /// logarithm is close enough to normal for a z-score to mean something.
    var amountMean = 0.0
    var amountM2 = 0.0
    /// Time of the latest payment (event time, milliseconds); 0 before the first.
    public internal(set) var lastTime: Int64 = 0
    /// The payments of the last 24 hours, oldest first.
    var recent: [Recent] = []

    /// A card not seen before.
    public init() {}

    /// The signals of `payment` against this card's history, then `payment` added to it.
    ///
    /// Payments may arrive slightly out of order: a payment older than the latest one counts against the
    /// history as it stands (velocity windows look back from the payment's own time).
    public mutating func record(_ payment: Payment) -> CardSignals {
        let time = payment.time
        let merchant = payment.merchant.stableHash
        var signals = CardSignals()
        signals.isFirstPayment = payments == 0
        if lastTime > 0 {
            signals.secondsSinceLast = Double(max(0, time - lastTime)) / 1_000
        }
        let logAmount = Self.logAmount(payment.amount)
        if payments >= 2 {
            let deviation = (amountM2 / Double(payments - 1)).squareRoot()
            // A card that always pays the same amount has no spread: treat a tiny one as a fixed floor so a
            // different amount stands out without dividing by zero.
            signals.amountZScore = max(-10, min(10, (logAmount - amountMean) / max(deviation, 0.1)))
        }
        var inTenMinutes = 0
        var inDay = 0
        var merchantSeenToday = false
        var distinct = 0
        for (index, entry) in recent.enumerated() where entry.time > time - Self.day && entry.time <= time {
            inDay += 1
            if entry.time > time - Self.tenMinutes { inTenMinutes += 1 }
            if entry.merchant == merchant { merchantSeenToday = true }
            // Distinct merchants: count an entry only at its merchant's first occurrence in the window.
            if !recent[..<index].contains(where: { $0.merchant == entry.merchant && $0.time > time - Self.day }) {
                distinct += 1
            }
        }
        signals.paymentsInTenMinutes = inTenMinutes + 1
        signals.paymentsInDay = inDay + 1
        signals.distinctMerchantsInDay = distinct + (merchantSeenToday ? 0 : 1)

        payments += 1
        let delta = logAmount - amountMean
        amountMean += delta / Double(payments)
        amountM2 += delta * (logAmount - amountMean)
        lastTime = max(lastTime, time)
        let horizon = lastTime - Self.day
        if let stale = recent.firstIndex(where: { $0.time > horizon }) {
            if stale > 0 { recent.removeFirst(stale) }
        } else {
            recent.removeAll(keepingCapacity: true)
        }
        if recent.count == Self.recentCapacity { recent.removeFirst() }
        let entry = Recent(time: time, merchant: merchant)
        if let later = recent.lastIndex(where: { $0.time <= time }) {
            recent.insert(entry, at: later + 1)
        } else {
            recent.insert(entry, at: 0)
        }
        return signals
    }

    static func logAmount(_ amount: Double) -> Double {
        log(1 + max(0, amount))
    }
}
