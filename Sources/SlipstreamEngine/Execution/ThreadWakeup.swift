import Atomics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wakes an engine thread (a cooperative worker, or the thread of a non-cooperative processor) that sleeps for
/// lack of work as soon as work is handed to it, instead of letting it sleep out its back-off.
///
/// Why: an idle thread backs off to sleeps of up to a millisecond (cooperative) or five (non-cooperative), and
/// each hop of an item through a quiet pipeline can land on a sleeping thread. At a steady rate of a few
/// thousand events per second the threads go idle between input batches, so without this the sleeps add up
/// to milliseconds of latency per event.
///
/// The owning thread ``arm()``s, looks for work once more, and then ``wait(nanoseconds:)``s; anyone who hands
/// it work publishes the work and then ``ring()``s. The arm-then-look order makes the hand-off race-free: work
/// published after the look finds nothing was published after the arm, and its ring ends the wait. A ring
/// costs a fence and a load while the owner is busy; only a thread that is really asleep costs a signal.
///
/// Thread safety: ``arm()``, ``disarm()`` and ``wait(nanoseconds:)`` are called by the owning thread only;
/// ``ring()`` by any thread.
final class ThreadWakeup: @unchecked Sendable {
    private let armed = ManagedAtomic<Bool>(false)
    /// Advanced by every ring that found the owner armed.
    private let generation = ManagedAtomic<UInt64>(0)
    /// A mutex and a condition of pthreads rather than `NSCondition`, whose timed wait follows the wall clock: a
    /// clock stepped back would stretch an idle thread's sleep by the step.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// The generation when the owner armed (owner only).
    private var armedGeneration: UInt64 = 0

    init() {
        pthread_mutex_init(mutex, nil)
        #if canImport(Glibc)
        // Timed waits measure against the monotonic clock.
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        #else
        pthread_cond_init(condition, nil)
        #endif
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Owner: announces a coming sleep. Look for work once more before ``wait(nanoseconds:)``.
    func arm() {
        armedGeneration = generation.load(ordering: .acquiring)
        armed.store(true, ordering: .sequentiallyConsistent)
        // The look for work that follows must not be ordered before the store (pairs with the fence in ring).
        atomicMemoryFence(ordering: .sequentiallyConsistent)
    }

    /// Owner: the look found work after all; no wait follows.
    func disarm() {
        armed.store(false, ordering: .relaxed)
    }

    /// Owner: sleeps until rung since ``arm()`` or until `nanoseconds` passed, then disarms. Returns whether
    /// it was rung.
    @discardableResult
    func wait(nanoseconds: Int) -> Bool {
        pthread_mutex_lock(mutex)
        var rung = generation.load(ordering: .relaxed) != armedGeneration
        if !rung {
            #if canImport(Glibc)
            var deadline = timespec()
            clock_gettime(CLOCK_MONOTONIC, &deadline)
            let end = deadline.tv_nsec + nanoseconds
            deadline.tv_sec += end / 1_000_000_000
            deadline.tv_nsec = end % 1_000_000_000
            while !rung {
                let status = pthread_cond_timedwait(condition, mutex, &deadline)
                rung = generation.load(ordering: .relaxed) != armedGeneration
                if status == ETIMEDOUT { break }
            }
            #else
            // A spurious wake-up ends this sleep early: the idler then just looks for work once more.
            var interval = timespec(tv_sec: nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
            _ = pthread_cond_timedwait_relative_np(condition, mutex, &interval)
            rung = generation.load(ordering: .relaxed) != armedGeneration
            #endif
        }
        pthread_mutex_unlock(mutex)
        armed.store(false, ordering: .relaxed)
        return rung
    }

    /// Any thread: wakes the owner if it is armed or asleep. Call after publishing the work.
    func ring() {
        // The work's publication must be visible before `armed` is read (pairs with the fence in arm).
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        guard armed.load(ordering: .relaxed),
            armed.compareExchange(expected: true, desired: false, ordering: .acquiringAndReleasing).exchanged
        else { return }
        pthread_mutex_lock(mutex)
        generation.wrappingIncrement(ordering: .releasing)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }
}

/// Wakes the engine thread that runs a processor when work for the processor arrives from outside the engine,
/// such as a client library's poll loop on a thread of the processor's own (see ``current``).
///
/// The engine itself wakes a processor's thread when an upstream processor emits to it; this is for the
/// hand-offs the engine cannot see. Without it, such work waits until the thread's idle back-off ends (up to
/// 1 ms for a cooperative processor, 5 ms for a non-cooperative one).
public struct ProcessorWakeup: Sendable {
    let target: TaskletHome?

    /// The wake-up of the processor that asks: it wakes whichever engine thread runs the processor then (the
    /// engine may move a cooperative processor to another worker). Ask from the processor's own code, such as
    /// ``Processor/initialize(context:)``. Outside the engine (a test harness calling the processor) it is one
    /// that does nothing.
    public static var current: ProcessorWakeup { ProcessorWakeup(target: TaskletHome.current) }

    /// Wakes the processor's thread if it sleeps for lack of work; a fence and a load when it does not. Call
    /// after the work is visible to the processor (e.g. after releasing the lock guarding the hand-off).
    public func wake() {
        target?.ring()
    }
}
