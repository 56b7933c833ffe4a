import SlipstreamEngine
import Testing

/// An item of a keyed test stream: source instance *i* emits every key with increasing sequence numbers from
/// `i * 1_000_000`, so that per-key order can be checked per producing instance.
struct Keyed: Sendable, Equatable {
    var key: Int
    var sequence: Int

    /// The `index`th item of source instance `instance`'s stream over `keys` keys.
    static func item(_ index: Int, instance: Int, keys: Int) -> Keyed {
        Keyed(key: index % keys, sequence: instance * 1_000_000 + index / keys)
    }
}

/// Expects that, per key and per producing source instance, `items` arrive in increasing sequence order.
func expectPerKeyOrder(_ items: [Keyed], sourceLocation: SourceLocation = #_sourceLocation) {
    var last: [Int: Int] = [:]
    for item in items {
        let stream = item.key * 10 + item.sequence / 1_000_000
        if let previous = last[stream] {
            #expect(
                previous < item.sequence, "key \(item.key) out of order: \(previous) then \(item.sequence)",
                sourceLocation: sourceLocation)
        }
        last[stream] = item.sequence
    }
}

extension DAG {
    /// A source vertex named `source` of two instances, each emitting `perInstance` items of the keyed stream
    /// over `keys` keys.
    mutating func addKeyedSource(perInstance: Int, keys: Int) -> Vertex<Never, Keyed> {
        addVertex("source", localParallelism: 2) { context in
            SequenceSourceProcessor(
                (0..<perInstance).lazy.map { i in Keyed.item(i, instance: context.instance, keys: keys) })
        }
    }
}
