import Slipstream

/// Makes the demo's stream: genuine payments of many cards, the fraud of ``FraudPattern`` woven in, a
/// chargeback for most fraudulent payments (and a few genuine ones) some hours later, and now and then a bad
/// payment, all in event-time order. Deterministic for a seed.
///
/// Event time advances by `scenario.millisecondsPerPayment` per payment on average, independently of the wall
/// clock; the producer paces the events. Payload bytes are written into ``payload`` (reused for every event).
struct PaymentStreamGenerator {
    /// Something to emit at a given event time: a payment already decided (part of a fraud incident) or a
    /// chargeback.
    private struct Scheduled {
        enum What {
            case fraud(card: Int, merchant: Int, amount: Double, channel: String, pattern: FraudPattern)
            case chargeback(sequence: Int, card: Int, reason: String, fraud: Bool)
        }
        var time: Int64
        /// Tie-breaker, so equal times come out in the order they were scheduled.
        var order: Int
        var what: What
    }

    let scenario: DemoScenario
    let world: DemoWorld
    private var random: DemoRandom
    private var scheduled: [Scheduled] = []
    private var scheduledCount = 0
    private var nextGenuineTime: Int64
    private var genuinePayments = 0
    private(set) var nextSequence = 0
    private var genuineSinceBad = 0
    private var badKind = 0
    /// The payload of the latest event.
    private(set) var payload: [UInt8] = []

    init(scenario: DemoScenario) {
        self.scenario = scenario
        var random = DemoRandom(seed: scenario.seed)
        world = DemoWorld(cards: scenario.cards, merchants: scenario.merchants, random: &random)
        self.random = random
        nextGenuineTime = scenario.eventStart
        payload.reserveCapacity(256)
    }

    /// How far through the demo's event time `time` is, 0...1.
    func progress(at time: Int64) -> Double {
        min(1, max(0, Double(time - scenario.eventStart) / Double(max(1, scenario.eventSpan))))
    }

    /// The next event in event-time order.
    mutating func next() -> GeneratedEvent {
        if let first = scheduled.first, first.time <= nextGenuineTime {
            let item = popScheduled()
            switch item.what {
            case .fraud(let card, let merchant, let amount, let channel, let pattern):
                return makePayment(
                    card: card, merchant: world.merchants[merchant], amount: amount, channel: channel, time: item.time,
                    pattern: pattern)
            case .chargeback(let sequence, let card, let reason, let fraud):
                return makeChargeback(sequence: sequence, card: card, reason: reason, fraud: fraud, time: item.time)
            }
        }
        let time = nextGenuineTime
        // Evenly spaced with jitter, not exponential gaps: the stream then ends where the scenario says (at the
        // clock), never hours later by chance, which would put the last payments in the future.
        genuinePayments += 1
        nextGenuineTime = scenario.eventStart
            + Int64((Double(genuinePayments) + random.uniform()) * scenario.millisecondsPerPayment)
        startIncidents(at: time)
        let cardIndex = random.int(below: world.cards.count)
        let card = world.cards[cardIndex]
        let merchant = world.everydayMerchant(for: card, random: &random)
        let amount = (random.logNormal(mu: card.logAmountMean, sigma: card.logAmountSpread) * 100).rounded() / 100
        let channel = random.chance(card.online) ? "online" : "pos"
        genuineSinceBad += 1
        if scenario.badEvery > 0 && genuineSinceBad >= scenario.badEvery {
            genuineSinceBad = 0
            return makeBadPayment(card: cardIndex, merchant: merchant, amount: amount, time: time)
        }
        return makePayment(card: cardIndex, merchant: merchant, amount: amount, channel: channel, time: time, pattern: nil)
    }

    // MARK: - Fraud incidents

    private mutating func startIncidents(at time: Int64) {
        let progress = self.progress(at: time)
        for pattern in FraudPattern.allCases {
            let rate = pattern.incidentsPerThousand(at: progress) * scenario.fraudScale / 1_000
            if rate > 0 && random.chance(rate) { startIncident(pattern, at: time) }
        }
    }

    private mutating func startIncident(_ pattern: FraudPattern, at start: Int64) {
        let card = random.int(below: world.cards.count)
        switch pattern {
        case .cardBurst:
            // Several large online purchases abroad, a minute or two apart.
            var time = start
            for _ in 0..<random.int(in: 3...7) {
                time += Int64(random.exponential(mean: 90_000))
                let merchant = world.merchant(
                    category: DemoWorld.cashOutCategories[random.int(below: DemoWorld.cashOutCategories.count)],
                    foreign: random.chance(0.8), random: &random)
                let amount = (random.logNormal(mu: 5.6, sigma: 0.5) * 100).rounded() / 100
                schedule(time, .fraud(card: card, merchant: merchant, amount: amount, channel: "online", pattern: pattern))
            }
        case .riskyMerchant:
            // One payment at a gambling merchant, of an ordinary-looking amount, from a card with no history
            // of gambling.
            let merchant = world.merchant(category: DemoWorld.gambling, foreign: false, random: &random)
            let amount = (random.logNormal(mu: 4.6, sigma: 0.6) * 100).rounded() / 100
            schedule(
                start + Int64(random.exponential(mean: 30_000)),
                .fraud(card: card, merchant: merchant, amount: amount, channel: "online", pattern: pattern))
        case .cardTesting:
            // Tiny payments at many digital-goods merchants within minutes, then one large cash-out.
            var time = start
            for _ in 0..<random.int(in: 4...8) {
                time += Int64(random.exponential(mean: 40_000))
                let merchant = world.merchant(category: DemoWorld.digitalGoods, foreign: false, random: &random)
                let amount = (random.uniform(0.5...3.0) * 100).rounded() / 100
                schedule(time, .fraud(card: card, merchant: merchant, amount: amount, channel: "online", pattern: pattern))
            }
            time += Int64(random.exponential(mean: 600_000))
            let merchant = world.merchant(category: "5732", foreign: false, random: &random)
            let amount = (random.logNormal(mu: 6.2, sigma: 0.4) * 100).rounded() / 100
            schedule(time, .fraud(card: card, merchant: merchant, amount: amount, channel: "online", pattern: pattern))
        }
    }

    // MARK: - Events

    private mutating func makePayment(
        card cardIndex: Int, merchant: DemoWorld.Merchant, amount: Double, channel: String, time: Int64,
        pattern: FraudPattern?
    ) -> GeneratedEvent {
        let sequence = nextSequence
        nextSequence += 1
        let card = world.cards[cardIndex]
        payload.removeAll(keepingCapacity: true)
        JSONObjectWriter.write(into: &payload) { object in
            object.field("id", "p-\(sequence)")
            object.field("card", card.id)
            object.field("merchant", merchant.id)
            object.field("mcc", merchant.mcc)
            object.field("country", merchant.country)
            object.field("channel", channel)
            object.field("amount", amount)
            object.field("time", time)
        }
        var event = GeneratedEvent(kind: .payment, sequence: sequence, time: time, key: card.id, pattern: pattern)
        let window = scenario.labelWindowMilliseconds
        if pattern != nil {
            // Most fraud is reported well within the label window; some only after it (the model then learns
            // that payment as genuine, as it would in production).
            let late = random.chance(scenario.lateChargebackShare)
            let delay = late ? random.uniform(1.1...1.6) : random.uniform(0.05...0.85)
            event.labelledFraud = !late
            schedule(time + Int64(delay * Double(window)), .chargeback(sequence: sequence, card: cardIndex, reason: "fraud", fraud: true))
        } else if random.chance(scenario.disputeShare) {
            schedule(
                time + Int64(random.uniform(0.05...0.9) * Double(window)),
                .chargeback(sequence: sequence, card: cardIndex, reason: "not_received", fraud: false))
        }
        return event
    }

    private mutating func makeBadPayment(
        card cardIndex: Int, merchant: DemoWorld.Merchant, amount: Double, time: Int64
    ) -> GeneratedEvent {
        let sequence = nextSequence
        nextSequence += 1
        let kind = BadPaymentKind.allCases[badKind % BadPaymentKind.allCases.count]
        badKind += 1
        let card = world.cards[cardIndex]
        payload.removeAll(keepingCapacity: true)
        payload.append(
            contentsOf: kind.payload(
                id: "p-\(sequence)", card: card.id, merchant: merchant.id, mcc: merchant.mcc, country: merchant.country,
                amount: amount, time: time
            ).utf8)
        return GeneratedEvent(kind: .badPayment(kind), sequence: sequence, time: time, key: card.id)
    }

    private mutating func makeChargeback(sequence: Int, card: Int, reason: String, fraud: Bool, time: Int64) -> GeneratedEvent {
        payload.removeAll(keepingCapacity: true)
        let paymentID = "p-\(sequence)"
        JSONObjectWriter.write(into: &payload) { object in
            object.field("payment_id", paymentID)
            object.field("card", world.cards[card].id)
            object.field("time", time)
            object.field("reason", reason)
        }
        var event = GeneratedEvent(kind: .chargeback, sequence: sequence, time: time, key: paymentID)
        event.labelledFraud = fraud
        return event
    }

    // MARK: - The schedule (a binary min-heap on time)

    private mutating func schedule(_ time: Int64, _ what: Scheduled.What) {
        scheduled.append(Scheduled(time: time, order: scheduledCount, what: what))
        scheduledCount += 1
        var child = scheduled.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(scheduled[child], scheduled[parent]) else { break }
            scheduled.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popScheduled() -> Scheduled {
        let top = scheduled[0]
        let last = scheduled.removeLast()
        if !scheduled.isEmpty {
            scheduled[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < scheduled.count && precedes(scheduled[left], scheduled[smallest]) { smallest = left }
                if right < scheduled.count && precedes(scheduled[right], scheduled[smallest]) { smallest = right }
                if smallest == parent { break }
                scheduled.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }

    private func precedes(_ a: Scheduled, _ b: Scheduled) -> Bool {
        a.time != b.time ? a.time < b.time : a.order < b.order
    }
}
