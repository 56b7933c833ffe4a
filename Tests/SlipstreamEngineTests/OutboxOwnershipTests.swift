@testable import SlipstreamEngine
import SlipstreamTestKit
import Testing

/// Offering moves items into the queues: what the outbox refuses stays with the processor, what it takes is
/// neither duplicated nor leaked, whatever the routing.
@Suite struct OutboxOwnershipTests {
    private func values(_ events: [OutboxProbe<CountedItem>.Event]) -> [Int] {
        events.compactMap { if case .item(let item) = $0 { item.value } else { nil } }
    }

    @Test func aRefusedItemIsHandedBackAndTheQueueTakesItLater() {
        let census = LifetimeCensus()
        do {
            let probe = OutboxProbe<CountedItem>(ordinalCount: 1, capacity: 1)
            probe.beginCall()
            #expect(probe.outbox.offerOrReturn(CountedItem(1, census)) == nil)
            let refused = probe.outbox.offerOrReturn(CountedItem(2, census))
            #expect(refused?.value == 2)
            #expect(census.live == 2)
            #expect(values(probe.drain()[0]) == [1])
            probe.beginCall()
            #expect(probe.outbox.offerOrReturn(refused!) == nil)
            #expect(values(probe.drain()[0]) == [2])
        }
        #expect(census.live == 0)
    }

    @Test func movingFromASlotEmptiesItOnlyWhenTheItemIsTaken() {
        let census = LifetimeCensus()
        let slots = UnsafeMutablePointer<CountedItem>.allocate(capacity: 3)
        defer { slots.deallocate() }
        do {
            let probe = OutboxProbe<CountedItem>(ordinalCount: 1, capacity: 2)
            probe.beginCall()
            for index in 0..<3 { (slots + index).initialize(to: CountedItem(index, census)) }
            #expect(probe.outbox.offer(movingFrom: slots))
            #expect(probe.outbox.offer(movingFrom: slots + 1))
            // Full: the third stays where it is, intact.
            #expect(!probe.outbox.offer(movingFrom: slots + 2))
            #expect(slots[2].value == 2)
            #expect(census.live == 3)
            #expect(values(probe.drain()[0]) == [0, 1])
            #expect(census.live == 1)
            probe.beginCall()
            #expect(probe.outbox.offer(movingFrom: slots + 2))
            #expect(values(probe.drain()[0]) == [2])
        }
        #expect(census.live == 0)
    }

    @Test func everyOrdinalGetsTheItemOnceAcrossRefusals() {
        let census = LifetimeCensus()
        do {
            // Ordinal 0 has room for three, ordinal 1 for one: the second item is taken by ordinal 0 and refused
            // by ordinal 1, and its retry must not reach ordinal 0 again.
            let first = SPSCQueue<CountedItem>(capacity: 4)
            let second = SPSCQueue<CountedItem>(capacity: 1)
            let outbox = Outbox(collectors: [
                OutboundCollector(kind: .single, queues: [first]), OutboundCollector(kind: .single, queues: [second]),
            ])
            outbox.beginCall(limit: .max)
            #expect(outbox.offer(CountedItem(1, census)))
            let item = CountedItem(2, census)
            #expect(outbox.offerOrReturn(item) != nil)
            #expect(outbox.offerOrReturn(item) != nil)
            outbox.publish()
            #expect(drain(first) == [1, 2])
            #expect(drain(second) == [1])
            #expect(outbox.offerOrReturn(item) == nil)
            outbox.publish()
            #expect(drain(first).isEmpty)
            #expect(drain(second) == [2])
        }
        #expect(census.live == 0)
    }

    @Test func aBroadcastCopiesToEveryQueueAndResumesWhereItWasRefused() {
        let census = LifetimeCensus()
        do {
            let queues = [SPSCQueue<CountedItem>(capacity: 2), SPSCQueue<CountedItem>(capacity: 1), SPSCQueue<CountedItem>(capacity: 2)]
            let outbox = Outbox(collectors: [OutboundCollector(kind: .broadcast, queues: queues)])
            outbox.beginCall(limit: .max)
            #expect(outbox.offer(CountedItem(1, census)))
            let slot = UnsafeMutablePointer<CountedItem>.allocate(capacity: 1)
            defer { slot.deallocate() }
            slot.initialize(to: CountedItem(2, census))
            #expect(!outbox.offer(movingFrom: slot))
            #expect(slot.pointee.value == 2)
            outbox.publish()
            #expect(queues.map(drain) == [[1, 2], [1], [1]])
            #expect(outbox.offer(movingFrom: slot))
            outbox.publish()
            #expect(queues.map(drain) == [[], [2], [2]])
        }
        #expect(census.live == 0)
    }

    @Test func anOutboxWithoutOrdinalsTakesAndDropsEverything() {
        let census = LifetimeCensus()
        do {
            let outbox = Outbox<CountedItem>(collectors: [])
            outbox.beginCall(limit: .max)
            #expect(outbox.offer(CountedItem(1, census)))
            #expect(outbox.offerOrReturn(CountedItem(2, census)) == nil)
            let slot = UnsafeMutablePointer<CountedItem>.allocate(capacity: 1)
            defer { slot.deallocate() }
            slot.initialize(to: CountedItem(3, census))
            #expect(outbox.offer(movingFrom: slot))
            #expect(census.live == 0)
        }
        #expect(census.live == 0)
    }

    @Test func drainingSlotsStopsAtTheFirstItemKept() {
        let census = LifetimeCensus()
        let items = UnsafeMutablePointer<CountedItem>.allocate(capacity: 4)
        defer { items.deallocate() }
        do {
            for index in 0..<4 { (items + index).initialize(to: CountedItem(index, census)) }
            var inbox = Inbox(items: items, count: 4)
            var seen: [Int] = []
            inbox.drainSlots(while: { slot in
                seen.append(slot.pointee.value)
                guard slot.pointee.value < 2 else { return false }
                slot.deinitialize(count: 1)
                return true
            })
            #expect(seen == [0, 1, 2])
            #expect(inbox.count == 2)
            #expect(census.live == 2)
            #expect(inbox.poll()?.value == 2)
            inbox.remove()
        }
        #expect(census.live == 0)
    }

    private func drain(_ queue: SPSCQueue<CountedItem>) -> [Int] {
        var values: [Int] = []
        while case .items(let start, let count) = queue.peekHead() {
            for index in 0..<count { values.append((start + index).move().value) }
            queue.advanceHead(by: count)
        }
        return values
    }
}
