import SlipstreamEngine
import Testing

@Suite struct EventTimeTrackerTests {
    let second: Int64 = 1_000_000_000

    @Test func watermarkTrailsTheSlowestPartitionByTheAllowedLateness() {
        var tracker = EventTimeTracker(allowedLateness: .milliseconds(5), idleTimeout: nil, partitionCount: 2, now: 0)
        let r1 = tracker.observe(timestamp: 100, partition: 0, now: 0)
        #expect(r1)
        // Partition 1 has not produced anything: it holds the watermark back.
        let r2 = tracker.watermark(now: 0)
        #expect(r2 == nil)
        let r3 = tracker.observe(timestamp: 40, partition: 1, now: 0)
        #expect(r3)
        let r4 = tracker.watermark(now: 0)
        #expect(r4 == Watermark(35))
        let r5 = tracker.observe(timestamp: 70, partition: 1, now: 0)
        #expect(r5)
        let r6 = tracker.watermark(now: 0)
        #expect(r6 == Watermark(65))
        // Unchanged: nothing new to emit.
        let r7 = tracker.watermark(now: 0)
        #expect(r7 == nil)
        #expect(tracker.emittedWatermark == Watermark(65))
    }

    @Test func lateItemsAreBehindTheirPartitionOrTheEmittedWatermark() {
        var tracker = EventTimeTracker(allowedLateness: .milliseconds(10), idleTimeout: nil, partitionCount: 2, now: 0)
        let r8 = tracker.observe(timestamp: 100, partition: 0, now: 0)
        #expect(r8)
        let r9 = tracker.observe(timestamp: 95, partition: 0, now: 0)  // within the allowed lateness
        #expect(r9)
        let r10 = tracker.observe(timestamp: 89, partition: 0, now: 0)  // behind partition 0's watermark (90)
        #expect(!r10)
        let r11 = tracker.observe(timestamp: 200, partition: 1, now: 0)
        #expect(r11)
        let r12 = tracker.watermark(now: 0)
        #expect(r12 == Watermark(90))
        // Partition 1's own watermark is 190, and 91 is not behind the emitted 90.
        let r13 = tracker.observe(timestamp: 150, partition: 1, now: 0)
        #expect(!r13)
        let r14 = tracker.observe(timestamp: 195, partition: 1, now: 0)
        #expect(r14)
        // A late item does not move anything.
        let r15 = tracker.watermark(now: 0)
        #expect(r15 == nil)
    }

    @Test func idlePartitionsStopHoldingTheWatermarkBack() {
        var tracker = EventTimeTracker(
            allowedLateness: .zero, idleTimeout: .seconds(1), partitionCount: 2, now: 0)
        let r16 = tracker.observe(timestamp: 500, partition: 0, now: 0)
        #expect(r16)
        let r17 = tracker.watermark(now: 0)
        #expect(r17 == nil)
        // Partition 1 never produced; after the timeout it is left out. Partition 0 is still active at 0.9 s.
        let r18 = tracker.observe(timestamp: 600, partition: 0, now: second * 9 / 10)
        #expect(r18)
        let r19 = tracker.watermark(now: second)
        #expect(r19 == Watermark(600))
        // Everything idle: the idle marker, once.
        let r20 = tracker.watermark(now: 3 * second)
        #expect(r20 == .idle)
        let r21 = tracker.watermark(now: 4 * second)
        #expect(r21 == nil)
        // Partition 1 wakes up behind the emitted watermark: late. Partition 0 resumes.
        let r22 = tracker.observe(timestamp: 550, partition: 1, now: 5 * second)
        #expect(!r22)
        let r23 = tracker.observe(timestamp: 700, partition: 0, now: 5 * second)
        #expect(r23)
        // Out of idle, and never backwards: partition 1 saw nothing on time, so it is still idle at 5 s... but
        // it was active at 5 s (its late item counts as activity), so the watermark waits for it, not below 600.
        let r24 = tracker.watermark(now: 5 * second)
        #expect(r24 == nil)
        let r25 = tracker.observe(timestamp: 800, partition: 1, now: 5 * second)
        #expect(r25)
        let r26 = tracker.watermark(now: 5 * second)
        #expect(r26 == Watermark(700))
    }

    @Test func restoreResumesFromSavedTimestamps() {
        var tracker = EventTimeTracker(allowedLateness: .milliseconds(1), idleTimeout: nil, partitionCount: 2, now: 0)
        _ = tracker.observe(timestamp: 10, partition: 0, now: 0)
        _ = tracker.observe(timestamp: 20, partition: 1, now: 0)
        let r27 = tracker.watermark(now: 0)
        #expect(r27 == Watermark(9))
        var restored = EventTimeTracker(allowedLateness: .milliseconds(1), idleTimeout: nil, partitionCount: 0, now: 0)
        restored.restore(highestTimestamps: tracker.highestTimestamps, emittedWatermark: tracker.emittedWatermark, now: 0)
        #expect(restored.partitionCount == 2)
        let r28 = restored.observe(timestamp: 8, partition: 1, now: 0)
        #expect(!r28)
        let r29 = restored.observe(timestamp: 12, partition: 0, now: 0)
        #expect(r29)
        let r30 = restored.watermark(now: 0)
        #expect(r30 == Watermark(11))
    }
}
