import CoreMetrics
import Foundation

extension JobTelemetry {
    private static let bootstrapLock = NSLock()
    private nonisolated(unsafe) static var bootstrapped = false

    /// Makes swift-metrics' process-wide factory this telemetry's registry, so that anything recorded through
    /// swift-metrics (`Counter(label:)`, `Timer(label:)` in a pipeline's own code or a library) is exported on
    /// the same endpoint. swift-metrics allows this once per process: later calls, from any telemetry, do
    /// nothing and return `false`.
    @discardableResult
    public func bootstrapMetricsSystem() -> Bool {
        Self.bootstrapLock.lock()
        defer { Self.bootstrapLock.unlock() }
        guard !Self.bootstrapped else { return false }
        Self.bootstrapped = true
        MetricsSystem.bootstrap(metricsFactory)
        return true
    }
}
