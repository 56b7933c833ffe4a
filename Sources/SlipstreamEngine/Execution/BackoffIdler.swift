#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a thread waits when none of its tasklets made progress: spin briefly (work often arrives within
/// microseconds), then yield the core, then sleep for exponentially longer up to a cap, so an idle engine costs
/// almost no CPU while a busy one reacts at once. Any progress resets it.
struct BackoffIdler {
    /// Rounds spent spinning before yielding.
    let spins: Int
    /// Rounds spent yielding before sleeping.
    let yields: Int
    /// The first and the longest sleep, in nanoseconds.
    let minSleepNanoseconds: Int
    let maxSleepNanoseconds: Int

    private var round = 0
    private var sleep = 0

    /// For cooperative workers: short sleeps, as work arrives through queues from other workers.
    static var cooperative: BackoffIdler {
        BackoffIdler(spins: 16, yields: 4, minSleepNanoseconds: 25_000, maxSleepNanoseconds: 1_000_000)
    }

    /// For threads of non-cooperative processors, which mostly wait on I/O of their own.
    static var nonCooperative: BackoffIdler {
        BackoffIdler(spins: 16, yields: 8, minSleepNanoseconds: 25_000, maxSleepNanoseconds: 5_000_000)
    }

    init(spins: Int, yields: Int, minSleepNanoseconds: Int, maxSleepNanoseconds: Int) {
        self.spins = spins
        self.yields = yields
        self.minSleepNanoseconds = minSleepNanoseconds
        self.maxSleepNanoseconds = maxSleepNanoseconds
    }

    /// Called after a round in which some tasklet made progress.
    mutating func reset() {
        round = 0
        sleep = 0
    }

    /// Called after a round in which no tasklet made progress.
    mutating func idle() {
        round += 1
        if round <= spins { return }
        if round <= spins + yields {
            sched_yield()
            return
        }
        sleep = sleep == 0 ? minSleepNanoseconds : min(sleep * 2, maxSleepNanoseconds)
        var request = timespec(tv_sec: 0, tv_nsec: sleep)
        nanosleep(&request, nil)
    }
}
