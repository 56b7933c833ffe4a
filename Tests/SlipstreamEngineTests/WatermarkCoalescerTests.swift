@testable import SlipstreamEngine
import Testing

@Suite struct WatermarkCoalescerTests {
    @Test func forwardsTheMinimumOnceEveryQueueHasReported() {
        var coalescer = WatermarkCoalescer(queueCount: 3)
        let r1 = coalescer.observe(Watermark(10), fromQueue: 0)
        #expect(r1 == nil)
        let r2 = coalescer.observe(Watermark(5), fromQueue: 1)
        #expect(r2 == nil)
        let r3 = coalescer.observe(Watermark(7), fromQueue: 2)
        #expect(r3 == Watermark(5))
        let r4 = coalescer.observe(Watermark(20), fromQueue: 0)
        #expect(r4 == nil)
        let r5 = coalescer.observe(Watermark(9), fromQueue: 1)
        #expect(r5 == Watermark(7))
    }

    @Test func doneQueuesNoLongerHoldTheWatermarkBack() {
        var coalescer = WatermarkCoalescer(queueCount: 2)
        let r6 = coalescer.observe(Watermark(100), fromQueue: 0)
        #expect(r6 == nil)
        let r7 = coalescer.markDone(queue: 1)
        #expect(r7 == Watermark(100))
        let r8 = coalescer.markDone(queue: 0)
        #expect(r8 == nil)
    }

    @Test func idleQueuesAreLeftOutAndAllIdleIsForwardedOnce() {
        var coalescer = WatermarkCoalescer(queueCount: 2)
        let r9 = coalescer.observe(Watermark(50), fromQueue: 0)
        #expect(r9 == nil)
        let r10 = coalescer.observe(.idle, fromQueue: 1)
        #expect(r10 == Watermark(50))
        let r11 = coalescer.observe(.idle, fromQueue: 0)
        #expect(r11 == .idle)
        let r12 = coalescer.observe(.idle, fromQueue: 0)
        #expect(r12 == nil)
        // Waking up below what was forwarded: re-enter at the forwarded watermark, never backwards.
        let r13 = coalescer.observe(Watermark(40), fromQueue: 1)
        #expect(r13 == Watermark(50))
        let r14 = coalescer.observe(Watermark(60), fromQueue: 1)
        #expect(r14 == Watermark(60))
    }
}
