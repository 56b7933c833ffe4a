import Atomics
import Foundation
import SlipstreamEngine

/// A sink that takes nothing until its gate opens, so upstream queues fill and stay full.
struct GatedSinkProcessor<Item>: Processor {
    typealias Output = Never
    let gate: ManagedAtomic<Bool>
    let received: ManagedAtomic<Int>

    mutating func process(ordinal: Int, inbox: inout Inbox<Item>, outbox: Outbox<Never>) {
        guard gate.load(ordering: .relaxed) else { return }
        received.wrappingIncrement(by: inbox.count, ordering: .relaxed)
        inbox.drainAll { _ in }
    }
}

/// An unbounded source of consecutive integers that never completes.
struct EndlessSourceProcessor: Processor {
    typealias Input = Never
    var next = 0
    var cooperative = true

    var isCooperative: Bool { cooperative }

    mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Int>) {}

    mutating func complete(outbox: Outbox<Int>) -> Bool {
        while outbox.offer(next) { next += 1 }
        return false
    }
}

/// Records, per instance, the items and watermarks it receives, with the ordinal they came on.
final class Recording<Item: Sendable>: @unchecked Sendable {
    enum Event: Sendable {
        case item(ordinal: Int, Item)
        case watermark(Int64)
    }

    // Guarded by `lock`.
    private let lock = NSLock()
    private var byInstance: [Int: [Event]] = [:]

    func record(_ event: Event, instance: Int) {
        lock.lock()
        byInstance[instance, default: []].append(event)
        lock.unlock()
    }

    var events: [Int: [Event]] {
        lock.lock()
        defer { lock.unlock() }
        return byInstance
    }

    func items(instance: Int) -> [Item] {
        (events[instance] ?? []).compactMap { if case .item(_, let item) = $0 { item } else { nil } }
    }

    func watermarks(instance: Int) -> [Int64] {
        (events[instance] ?? []).compactMap { if case .watermark(let time) = $0 { time } else { nil } }
    }

    var allItems: [Item] { events.keys.sorted().flatMap { items(instance: $0) } }
}

/// A sink recording everything it receives into a ``Recording``.
struct RecordingSinkProcessor<Item: Sendable>: Processor {
    typealias Output = Never
    let recording: Recording<Item>
    var instance = 0

    mutating func initialize(context: ProcessorContext) {
        instance = context.instance
    }

    mutating func process(ordinal: Int, inbox: inout Inbox<Item>, outbox: Outbox<Never>) {
        let instance = self.instance
        inbox.drainAll { recording.record(.item(ordinal: ordinal, $0), instance: instance) }
    }

    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Never>) -> Bool {
        recording.record(.watermark(watermark.timestamp), instance: instance)
        return true
    }
}

/// The error a failing processor throws.
struct BoomError: Error, Equatable {
    let item: Int
}

/// Passes items through and throws on the item `failOn`.
struct FailingProcessor: Processor {
    let failOn: Int

    mutating func process(ordinal: Int, inbox: inout Inbox<Int>, outbox: Outbox<Int>) throws {
        try inbox.drain(while: { item in
            if item == failOn { throw BoomError(item: item) }
            return outbox.offer(copy item)
        })
    }
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes; returns whether it held.
///
/// Only time in which this test could run counts against `timeout`: when other tests in the process hold every
/// thread of the concurrency pool, a poll comes back late, and that wait is not charged (at most 50 ms a poll).
func eventually(timeout: Duration = .seconds(20), _ condition: () -> Bool) async -> Bool {
    var budget = PollBudget(timeout)
    while budget.remains {
        if condition() { return true }
        await budget.pause()
    }
    return condition()
}

/// The time an ``eventually`` may still wait, charged per poll so that a starved pool does not use it up.
struct PollBudget {
    private var left: Duration
    private let clock = ContinuousClock()

    init(_ timeout: Duration) { left = timeout }

    var remains: Bool { left > .zero }

    mutating func pause() async {
        let start = clock.now
        try? await Task.sleep(for: .milliseconds(5))
        left -= min(clock.now - start, .milliseconds(50))
    }
}
