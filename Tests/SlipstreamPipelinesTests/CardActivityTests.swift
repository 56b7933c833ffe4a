import Testing

@testable import SlipstreamPipelines

/// The per-card signals of the fraud pipeline, checked against a plain recount of the card's kept history.
@Suite struct CardActivityTests {
    /// Payments of one card, out of order by up to a minute, spread over three days, from a few merchants (so
    /// that merchants repeat) or many (so that the kept history fills up).
    static func payments(seed: UInt64, merchants: Int, count: Int) -> [Payment] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let start: Int64 = 1_700_000_000_000
        return (0..<count).map { index in
            let time = start + Int64(index) * 3 * 86_400_000 / Int64(count) - Int64(next(60_000))
            return Payment(
                id: "p-\(index)", card: "c-1", merchant: "m-\(next(merchants))", mcc: "5411", country: "DE",
                channel: "pos", amount: Double(1 + next(500)), time: time)
        }
    }

    @Test(arguments: [(merchants: 3, seed: 1 as UInt64), (merchants: 40, seed: 2), (merchants: 1_000, seed: 3)])
    func countsMatchARecountOfTheKeptHistory(merchants: Int, seed: UInt64) {
        var card = CardActivity()
        var sawFullHistory = false
        for payment in Self.payments(seed: seed, merchants: merchants, count: 3_000) {
            let day = card.recent.filter { $0.time > payment.time - 86_400_000 && $0.time <= payment.time }
            let tenMinutes = day.filter { $0.time > payment.time - 600_000 }
            let distinct = Set(day.map(\.merchant) + [payment.merchant.stableHash]).count
            sawFullHistory = sawFullHistory || card.recent.count == CardActivity.recentCapacity
            let signals = card.record(payment)
            #expect(signals.paymentsInDay == day.count + 1)
            #expect(signals.paymentsInTenMinutes == tenMinutes.count + 1)
            #expect(signals.distinctMerchantsInDay == distinct)
        }
        #expect(sawFullHistory)
    }
}
