import Foundation
import Testing

@testable import SlipstreamEngine

@Suite struct ThreadWakeupTests {
    /// Long enough that a wait ending by its timeout would stand out; the tests expecting a ring never reach it.
    static let long = 60 * 1_000_000_000
    static let short = 1_000_000

    @Test func aRingAfterArmingEndsTheWait() {
        let wakeup = ThreadWakeup()
        wakeup.arm()
        wakeup.ring()
        #expect(wakeup.wait(nanoseconds: Self.long))
    }

    @Test func aRingFromAnotherThreadWakesTheSleeper() async {
        for _ in 0..<50 {
            let wakeup = ThreadWakeup()
            wakeup.arm()
            // The ring lands before, during or after the wait begins: the wait ends in every case.
            let ringer = Thread { wakeup.ring() }
            ringer.start()
            #expect(wakeup.wait(nanoseconds: Self.long))
        }
    }

    @Test func aRingWhileNotArmedIsNotKept() {
        let wakeup = ThreadWakeup()
        wakeup.ring()
        wakeup.arm()
        #expect(!wakeup.wait(nanoseconds: Self.short), "a ring before arming woke a later wait")
    }

    @Test func aDisarmedThreadIsNotWoken() {
        let wakeup = ThreadWakeup()
        wakeup.arm()
        wakeup.disarm()
        wakeup.ring()
        wakeup.arm()
        #expect(!wakeup.wait(nanoseconds: Self.short))
    }

    @Test func oneRingEndsOneWait() {
        let wakeup = ThreadWakeup()
        wakeup.arm()
        wakeup.ring()
        wakeup.ring()
        #expect(wakeup.wait(nanoseconds: Self.long))
        wakeup.arm()
        #expect(!wakeup.wait(nanoseconds: Self.short), "two rings for one sleep woke the next one too")
    }

    @Test func processorsOnEngineThreadsGetTheirThreadsWakeup() throws {
        let found = WakeupFindings()
        var dag = DAG()
        let source = dag.addVertex("source", localParallelism: 2) { _ in SequenceSourceProcessor(0..<10) }
        let probe = dag.addVertex("probe", localParallelism: 2) { _ in WakeupProbeProcessor(found: found) }
        let alone = dag.addVertex("alone", localParallelism: 1) { _ in
            WakeupProbeProcessor(found: found, isCooperative: false)
        }
        dag.addEdge(from: source, to: probe)
        dag.addEdge(from: probe, to: alone)
        let job = try Job.start(dag, cooperativeThreadCount: 2)
        try job.waitForCompletion()
        #expect(found.values == [true, true, true])
        #expect(ProcessorWakeup.current.target == nil, "a thread outside the engine has a wake-up")
    }
}

/// Whether each probe's thread had a wake-up.
private final class WakeupFindings: @unchecked Sendable {
    private let lock = NSLock()
    private var found: [Bool] = []  // guarded by `lock`

    func record(_ value: Bool) { lock.withLock { found.append(value) } }
    var values: [Bool] { lock.withLock { found } }
}

/// Records whether its thread has a wake-up when initialized, and passes its items on.
private struct WakeupProbeProcessor: Processor {
    typealias Input = Int
    typealias Output = Int
    let found: WakeupFindings
    var isCooperative = true

    mutating func initialize(context: ProcessorContext) throws {
        found.record(ProcessorWakeup.current.target != nil)
    }

    mutating func process(ordinal: Int, inbox: inout Inbox<Int>, outbox: Outbox<Int>) throws {
        while let item = inbox.peek() {
            guard outbox.offer(item) else { return }
            _ = inbox.poll()
        }
    }
}
