import Foundation
import Slipstream
import SlipstreamEngine
import Testing

/// A keyed event: `sequence` counts up per key in the order the source emits.
struct KeyedEvent: Sendable, Hashable {
    var key: Int
    var sequence: Int
    var time: Int64
}

@Suite struct InMemoryPipelineTests {
    @Test func everyItemReachesTheCollector() throws {
        let collector = Collector<Int>()
        let pipeline = Pipeline("numbers") { p in
            p.read(.sequence(0..<10_000))
                .map { $0 * 3 }
                .filter { $0 % 2 == 0 }
                .write(.collect(into: collector))
        }
        try pipeline.run(PipelineConfiguration(cooperativeThreads: 2))
        #expect(collector.items == (0..<10_000).map { $0 * 3 }.filter { $0 % 2 == 0 })
    }

    @Test func groupedStagesKeepPerKeyOrderAcrossInstances() throws {
        let keys = 50
        let perKey = 400
        let events = (0..<(keys * perKey)).map { KeyedEvent(key: $0 % keys, sequence: $0 / keys, time: Int64($0)) }
        let collector = Collector<KeyedEvent>()
        let outOfOrder = Collector<KeyedEvent>()
        let pipeline = Pipeline("per-key-order") { p in
            p.read(.sequence(events))
                .map { $0 }
                .grouped(by: \.key)
                .stateful(initial: { -1 }) { last, event in
                    // The state sees each key's events in source order, on whichever instance owns the key.
                    if event.sequence != last + 1 { outOfOrder.record(event) }
                    last = event.sequence
                    return event
                }
                .write(.collect(into: collector))
        }
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2, job: JobConfig(defaultParallelism: 3)))
        try job.waitForCompletion()
        let received = collector.items
        #expect(received.count == events.count)
        #expect(outOfOrder.count == 0)
        for key in 0..<keys {
            #expect(received.filter { $0.key == key }.map(\.sequence) == Array(0..<perKey))
        }
        #expect(job.metrics[vertex: "stateful"]?.parallelism == 3)
    }

    @Test func generatorSplitsIndicesOverInstances() throws {
        let collector = Collector<Int>()
        let pipeline = Pipeline("generated") { p in
            p.read(.generator(count: 1_000) { $0 }, parallelism: 3).write(.collect(into: collector))
        }
        try pipeline.run(PipelineConfiguration(cooperativeThreads: 2))
        #expect(collector.items.sorted() == Array(0..<1_000))
    }

    @Test func mergeCombinesStreams() throws {
        let collector = Collector<Int>()
        let pipeline = Pipeline("merged") { p in
            let low = p.read(.sequence(0..<100))
            let high = p.read(.sequence(100..<250))
            low.merge(with: high).map { $0 + 1 }.write(.collect(into: collector))
        }
        try pipeline.run(PipelineConfiguration(cooperativeThreads: 2))
        #expect(collector.items.sorted() == Array(1...250))
    }

    @Test func expiredStateIsEmittedByOnEvict() throws {
        // Counts live 1 ms after their last update. The source never ends, so the stateful stage idles and its
        // sweep finds the expired counts; `onEvict` emits them negated.
        let collector = Collector<Int>()
        let pipeline = Pipeline("expiring") { p in
            p.read(.generator(count: nil) { $0 < 6 ? [1, 1, 2, 1, 2, 3][$0] : nil })
                .compactMap { $0 }
                .grouped(by: { $0 })
                .stateful(initial: { 0 }, ttl: .milliseconds(1), onEvict: { key, count in -(key * 10 + count) }) {
                    count, _ in
                    count += 1
                    return nil
                }
                .write(.collect(into: collector))
        }
        let job = try pipeline.start(PipelineConfiguration(cooperativeThreads: 2))
        let deadline = ContinuousClock.now + .seconds(120)
        while collector.count < 3 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        job.cancel()
        #expect(throws: EngineError.self) { try job.waitForCompletion() }
        #expect(collector.items.sorted() == [-31, -22, -13])
    }
}

extension Collector {
    /// Adds one item (tests record problems seen inside stages this way).
    func record(_ item: Item) {
        append(contentsOf: [item])
    }
}

/// Per-card running totals, the state of ``StatefulStageTests``.
struct CardTotals: DefaultInitializable, Sendable, Equatable {
    var count = 0
    var total = 0.0

    mutating func record(_ payment: Payment) {
        count += 1
        total += payment.amount
    }
}

@Suite struct StatefulStageTests {
    @Test func stateTypeWithDefaultInitialValueEmitsItemWithUpdatedState() throws {
        let payments = makePayments(600, cards: 7)
        let collector = Collector<WithState<Payment, CardTotals>>()
        let pipeline = Pipeline("card-totals") { p in
            p.read(.sequence(payments))
                .grouped(by: \.card)
                .stateful(CardTotals.self, ttl: .days(30)) { totals, payment in totals.record(payment) }
                .write(.collect(into: collector))
        }
        try pipeline.run(PipelineConfiguration(cooperativeThreads: 2))
        let results = collector.items
        #expect(results.count == payments.count)
        // Each output carries its card's totals up to and including that payment.
        for result in results {
            let upTo = payments.prefix { $0.id != result.item.id } + [result.item]
            let same = upTo.filter { $0.card == result.item.card }
            #expect(result.state.count == same.count)
            #expect(abs(result.state.total - same.reduce(0) { $0 + $1.amount }) < 1e-9)
        }
    }
}
