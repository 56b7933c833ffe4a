/// A failure of a Kafka command, printed by the argument parser as one line ("Error: …") with exit status 1.
struct KafkaCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
