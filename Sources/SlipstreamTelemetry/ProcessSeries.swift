import Foundation
import Prometheus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The standard `process_*` series every Prometheus client exports, read at each collection: CPU time, resident
/// memory, open file descriptors and the start time, so dashboards built for any other service work here too.
/// Memory and descriptors are read from `/proc` and are absent where it does not exist.
struct ProcessSeries {
    private var cpuSeconds: CounterMirror
    private let residentBytes: Gauge
    private let openDescriptors: Gauge
    private let startTime: Gauge

    /// When this process started, in seconds since the Unix epoch (the first telemetry's creation is close
    /// enough where /proc cannot say).
    private static let processStart: Double = Date().timeIntervalSince1970 - ProcessInfo.processInfo.systemUptime
        + (bootRelativeStart() ?? ProcessInfo.processInfo.systemUptime)

    init(registry: PrometheusCollectorRegistry) {
        cpuSeconds = CounterMirror(
            registry.counter(MetricName.processCPUSeconds, labels: [], help: "User and system CPU time spent, in seconds."))
        residentBytes = registry.gauge(MetricName.processResidentMemory, labels: [], help: "Resident memory size in bytes.")
        openDescriptors = registry.gauge(MetricName.processOpenDescriptors, labels: [], help: "Open file descriptors.")
        startTime = registry.gauge(
            MetricName.processStartTime, labels: [], help: "When the process started, in seconds since the Unix epoch.")
    }

    mutating func update() {
        var usage = rusage()
        if getrusage(Self.selfUsage, &usage) == 0 {
            func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
            cpuSeconds.update(to: seconds(usage.ru_utime) + seconds(usage.ru_stime))
        }
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        {
            residentBytes.set(pages * Double(sysconf(Int32(_SC_PAGESIZE))))
        }
        if let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            openDescriptors.set(Double(descriptors.count))
        }
        startTime.set(Self.processStart)
    }

    #if canImport(Glibc)
        private static let selfUsage = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
        private static let selfUsage = RUSAGE_SELF
    #endif

    /// Seconds from boot to this process's start, from `/proc/self/stat` (field 22, in clock ticks).
    private static func bootRelativeStart() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let afterName = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the parenthesized command name start at field 3.
        let fields = stat[stat.index(after: afterName)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
