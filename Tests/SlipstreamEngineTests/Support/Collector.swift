import Foundation
import SlipstreamEngine

/// A thread-safe list that sink processors append to and tests read.
final class Collector<Item: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var storage: [Item] = []

    func append(_ item: Item) {
        lock.lock()
        storage.append(item)
        lock.unlock()
    }

    var items: [Item] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// A sink vertex appending every item to `collector`.
func collectingSink<Item: Sendable>(_ collector: Collector<Item>) -> @Sendable (ProcessorContext) -> ForEachSinkProcessor<Item> {
    { _ in ForEachSinkProcessor { collector.append($0) } }
}
