import Foundation

/// Where a source sends the records it cannot turn into items.
///
/// Kafka sources default to a Kafka topic named after the first source topic (`<topic>-dead-letters`); file
/// sources default to the log. Whatever the destination, dead letters are counted (`deadLetters`).
public struct DeadLetterDestination: Sendable {
    enum Kind: Sendable {
        case kafka(topic: String)
        case collector(DeadLetterCollector)
        case log
        case discard
    }

    let kind: Kind

    /// A Kafka topic (on the source's cluster): key and payload as read, the reason and origin in headers (see
    /// ``DeadLetter/Header``).
    public static func kafka(_ topic: String) -> DeadLetterDestination { DeadLetterDestination(kind: .kafka(topic: topic)) }

    /// An in-memory collector, for tests.
    public static func collect(into collector: DeadLetterCollector) -> DeadLetterDestination {
        DeadLetterDestination(kind: .collector(collector))
    }

    /// A warning in the pipeline's log per dead letter.
    public static var log: DeadLetterDestination { DeadLetterDestination(kind: .log) }

    /// Nowhere: dead letters are only counted.
    public static var discard: DeadLetterDestination { DeadLetterDestination(kind: .discard) }

    var summary: String {
        switch kind {
        case .kafka(let topic): "dead letters to topic \(topic)"
        case .collector: "dead letters collected"
        case .log: "dead letters logged"
        case .discard: "dead letters counted"
        }
    }
}

/// Dead letters kept in memory by ``DeadLetterDestination/collect(into:)``.
public final class DeadLetterCollector: Sendable {
    private let lock = NSLock()
    private nonisolated(unsafe) var letters: [DeadLetter] = []

    /// Creates an empty collector.
    public init() {}

    /// The dead letters so far.
    public var deadLetters: [DeadLetter] { lock.withLock { letters } }

    func append(_ letter: DeadLetter) {
        lock.withLock { letters.append(letter) }
    }
}
