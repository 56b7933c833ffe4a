import ArgumentParser

/// `run-pipeline produce`: Produce a JSON Lines file to a Kafka topic.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Produce a JSON Lines file to a Kafka topic."
    )

    func run() async throws {
        throw ValidationError("'produce' is not available in this build yet")
    }
}
