import Foundation
import SlipstreamEngine
import SlipstreamTestKit
import Testing

@Suite struct ProcessorVerifierTests {
    @Test func builtInStatelessProcessorsPass() throws {
        try verifyProcessor { MapProcessor { (n: Int) in n * 10 } }.input([1, 2, 3]).expectOutput([10, 20, 30])
        try verifyProcessor { FilterProcessor { (n: Int) in n.isMultiple(of: 2) } }
            .input(Array(0..<10)).expectOutput([0, 2, 4, 6, 8])
        try verifyProcessor { CompactMapProcessor { (s: String) in Int(s) } }
            .input(["1", "x", "3"]).expectOutput([1, 3])
        try verifyProcessor { FlatMapProcessor { (n: Int) in Array(repeating: n, count: n) } }
            .input([1, 0, 3]).expectOutput([1, 3, 3, 3])
    }

    @Test func watermarksAreForwardedByDefault() throws {
        try verifyProcessor { MapProcessor { (n: Int) in n + 1 } }
            .input(events: [.item(1), .watermark(5), .item(2)])
            .expectOutput(events: [.item(2), .watermark(5), .item(3)])
    }

    @Test func sequenceSourceResumesFromItsSnapshots() throws {
        try verifyProcessor { SequenceSourceProcessor(0..<25) }.expectOutput(Array(0..<25))
    }

    @Test func itemsFromSeveralOrdinalsReachTheProcessorWithTheirOrdinal() throws {
        struct Tag: Processor {
            mutating func process(ordinal: Int, inbox: inout Inbox<Int>, outbox: Outbox<String>) {
                inbox.drain(while: { outbox.offer("\(ordinal):\($0)") })
            }
        }
        try verifyProcessor { Tag() }.input([1, 2]).input([3], ordinal: 1).expectOutput(["0:1", "0:2", "1:3"])
    }

    // MARK: - Broken processors are caught

    /// Counts items but forgets to save its count.
    struct ForgetfulCounter: Processor {
        var count = 0

        mutating func process(ordinal: Int, inbox: inout Inbox<Int>, outbox: Outbox<Int>) {
            inbox.drain(while: { _ in
                guard outbox.offer(count + 1) else { return false }
                count += 1
                return true
            })
        }
    }

    @Test func stateMissingFromSnapshotsIsCaught() throws {
        try verifyProcessor { ForgetfulCounter() }.disableSnapshots().input([7, 7, 7]).expectOutput([1, 2, 3])
        #expect(throws: ProcessorVerificationError.self) {
            try verifyProcessor { ForgetfulCounter() }.input([7, 7, 7]).expectOutput([1, 2, 3])
        }
    }

    /// Ignores a refused offer and loses the item.
    struct CarelessMap: Processor {
        mutating func process(ordinal: Int, inbox: inout Inbox<Int>, outbox: Outbox<Int>) {
            while let item = inbox.poll() { _ = outbox.offer(item) }
        }
    }

    @Test func itemsLostOnAFullOutboxAreCaught() {
        let error = #expect(throws: ProcessorVerificationError.self) {
            try verifyProcessor { CarelessMap() }.disableSnapshots().input([1, 2, 3]).expectOutput([1, 2, 3])
        }
        #expect(error?.description.contains("expected [1, 2, 3]") == true)
    }

    /// Returns without doing anything.
    struct Stuck: Processor {
        mutating func process(ordinal: Int, inbox: inout Inbox<Int>, outbox: Outbox<Int>) {}
    }

    @Test func aProcessorThatNeverProgressesIsCaught() {
        let error = #expect(throws: ProcessorVerificationError.self) {
            try verifyProcessor { Stuck() }.input([1]).expectOutput([1])
        }
        #expect(error?.description.contains("neither took an item") == true)
    }

    /// Blocks in every call, as a cooperative processor must not.
    struct Sleepy: Processor {
        mutating func process(ordinal: Int, inbox: inout Inbox<Int>, outbox: Outbox<Int>) {
            usleep(20_000)
            inbox.drain(while: { outbox.offer(copy $0) })
        }
    }

    @Test func aBlockingCooperativeProcessorIsCaughtWhenATimeLimitIsSet() {
        let error = #expect(throws: ProcessorVerificationError.self) {
            try verifyProcessor { Sleepy() }.cooperativeTimeLimit(.milliseconds(1)).input([1]).expectOutput([1])
        }
        #expect(error?.description.contains("cooperative call") == true)
    }

    @Test func errorsThrownByTheProcessorPropagate() {
        #expect(throws: BoomError(item: 2)) {
            try verifyProcessor { FailingProcessor(failOn: 2) }.input([1, 2, 3]).expectOutput([1, 3])
        }
    }
}
