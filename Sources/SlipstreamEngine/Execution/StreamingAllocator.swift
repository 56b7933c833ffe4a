#if canImport(Glibc)
import Glibc
#endif

/// Sets the C allocator up for a long-running streaming process; call it once, at the start of an executable.
///
/// A Kafka pipeline moves megabytes through buffers that live for one fetch or one produce request (librdkafka's
/// receive buffers, the embedded broker's message sets, batches of payloads). glibc's allocator hands such blocks
/// back to the kernel as soon as they are freed (above its mmap threshold, or by trimming the top of a heap), so
/// the next request faults every page in again: measured at about 10% of the CPU of a Kafka-to-Kafka pipeline on
/// the embedded cluster. Keeping freed memory in the process for reuse removes that; resident memory stays at
/// the pipeline's peak instead of falling back between bursts, which is what a streaming worker wants anyway.
///
/// A library never calls this itself: how a process manages its memory is the executable's choice. Settings
/// given in the environment (`MALLOC_TRIM_THRESHOLD_`, `MALLOC_MMAP_THRESHOLD_`, `MALLOC_TOP_PAD_` or
/// `GLIBC_TUNABLES`) win. Elsewhere than glibc it does nothing.
public enum StreamingAllocator {
    /// Blocks up to this size come from the heap, and are reused, instead of mapped and unmapped each time.
    public static let mmapThreshold = 32 << 20
    /// Free memory at the top of a heap is returned to the kernel only beyond this much.
    public static let trimThreshold = 256 << 20
    /// Extra memory taken whenever a heap grows, so that growth is rare. At 64 MiB, the size of the heaps glibc
    /// gives threads other than the main one (librdkafka's threads allocate every fetched record there), a new
    /// heap is made writable in one call instead of one `mprotect` per page it grows by, and a heap that empties is
    /// kept instead of unmapped. With 16 MiB the Kafka benchmark made ~15,000 `mprotect` calls per million events,
    /// each splitting or merging a mapping; with 64 MiB it makes about a hundred, and the process uses ~5% less CPU.
    public static let topPad = 64 << 20

    /// Applies the settings above unless the environment chose its own; returns whether they were applied.
    @discardableResult
    public static func configure(environment: [String: String]) -> Bool {
        #if canImport(Glibc)
        let chosen = ["MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_", "GLIBC_TUNABLES"]
        guard !chosen.contains(where: { environment[$0] != nil }) else { return false }
        // `mallopt` and its parameters live in <malloc.h>, which the Glibc module does not export: look the
        // function up, and use the parameter numbers of glibc's ABI (M_TRIM_THRESHOLD -1, M_TOP_PAD -2,
        // M_MMAP_THRESHOLD -3).
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        return mallopt(-3, Int32(mmapThreshold)) == 1 && mallopt(-1, Int32(trimThreshold)) == 1
            && mallopt(-2, Int32(topPad)) == 1
        #else
        return false
        #endif
    }
}
