import Atomics
import Foundation

/// Named counters of one processor instance (late events, dead letters, retries…), readable while the job runs
/// and summed per vertex in ``VertexMetrics/counters``.
///
/// Look a counter up once (in ``Processor/initialize(context:)``) and keep it; adding to it is one relaxed atomic
/// operation, so add per batch rather than per item on hot paths.
public final class ProcessorCounters: Sendable {
    private let lock = NSLock()
    private nonisolated(unsafe) var counters: [String: Counter] = [:]

    /// Creates an empty set of counters.
    public init() {}

    /// The counter called `name`, created at zero on first use.
    public func counter(_ name: String) -> Counter {
        lock.lock()
        defer { lock.unlock() }
        if let counter = counters[name] { return counter }
        let counter = Counter()
        counters[name] = counter
        return counter
    }

    /// The current value of every counter.
    public var values: [String: Int] {
        lock.lock()
        defer { lock.unlock() }
        return counters.mapValues(\.value)
    }
}

/// A monotonically increasing count, safe to read from any thread while one thread adds to it.
public final class Counter: Sendable {
    @usableFromInline let storage = ManagedAtomic<Int>(0)

    /// The names of the counters the engine's own processors use.
    public enum Name {
        /// Events that arrived behind the watermark (dropped or sent to a side output).
        public static let lateEvents = "lateEvents"
    }

    /// Creates a counter at zero.
    public init() {}

    /// Adds `amount`.
    @inlinable
    public func add(_ amount: Int) {
        storage.wrappingIncrement(by: amount, ordering: .relaxed)
    }

    /// The current value.
    public var value: Int { storage.load(ordering: .relaxed) }
}
