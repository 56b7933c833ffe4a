#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a thread waits when none of its tasklets made progress: spin briefly (work often arrives within
/// microseconds), then yield the core, then sleep for exponentially longer up to a cap, so an idle engine costs
/// almost no CPU while a busy one reacts at once. Any progress resets it.
///
/// With a ``ThreadWakeup`` a sleep ends as soon as work is handed to the thread: the cap then only bounds how
/// late the thread notices what nobody rings for (time-driven work, a full queue downstream draining). Before
/// its first sleep, and after every wake, the idler arms the wake-up and lets the thread look for work once
/// more, so no hand-off is missed between the look and the sleep.
struct BackoffIdler {
    /// Rounds spent spinning before yielding.
    let spins: Int
    /// Rounds spent yielding before sleeping.
    let yields: Int
    /// The first and the longest sleep, in nanoseconds.
    let minSleepNanoseconds: Int
    let maxSleepNanoseconds: Int
    /// Ends sleeps early when work is handed over; `nil`: plain sleeps.
    let wakeup: ThreadWakeup?

    private var round = 0
    private var sleep = 0
    private var armed = false

    /// For cooperative workers: short sleeps, as work arrives through queues from other workers.
    static func cooperative(wakeup: ThreadWakeup?) -> BackoffIdler {
        BackoffIdler(spins: 16, yields: 4, minSleepNanoseconds: 25_000, maxSleepNanoseconds: 1_000_000, wakeup: wakeup)
    }

    /// For threads of non-cooperative processors, which mostly wait on I/O of their own.
    static func nonCooperative(wakeup: ThreadWakeup?) -> BackoffIdler {
        BackoffIdler(spins: 16, yields: 8, minSleepNanoseconds: 25_000, maxSleepNanoseconds: 5_000_000, wakeup: wakeup)
    }

    init(spins: Int, yields: Int, minSleepNanoseconds: Int, maxSleepNanoseconds: Int, wakeup: ThreadWakeup? = nil) {
        self.spins = spins
        self.yields = yields
        self.minSleepNanoseconds = minSleepNanoseconds
        self.maxSleepNanoseconds = maxSleepNanoseconds
        self.wakeup = wakeup
    }

    /// Called after a round in which some tasklet made progress.
    mutating func reset() {
        round = 0
        sleep = 0
        if armed {
            armed = false
            wakeup?.disarm()
        }
    }

    /// Called after a round in which no tasklet made progress.
    mutating func idle() {
        round += 1
        if round <= spins { return }
        if round <= spins + yields {
            sched_yield()
            return
        }
        guard let wakeup else {
            sleep = nextSleep()
            var request = timespec(tv_sec: sleep / 1_000_000_000, tv_nsec: sleep % 1_000_000_000)
            nanosleep(&request, nil)
            return
        }
        if !armed {
            // One more round after arming: work handed over from here on is found by it or rings.
            wakeup.arm()
            armed = true
            return
        }
        armed = false
        sleep = nextSleep()
        wakeup.wait(nanoseconds: sleep)
    }

    private func nextSleep() -> Int {
        sleep == 0 ? minSleepNanoseconds : min(sleep * 2, maxSleepNanoseconds)
    }
}
