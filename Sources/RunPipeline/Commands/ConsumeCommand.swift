import ArgumentParser

/// `run-pipeline consume`: Print the messages of a Kafka topic as JSON Lines.
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print the messages of a Kafka topic as JSON Lines."
    )

    func run() async throws {
        throw ValidationError("'consume' is not available in this build yet")
    }
}
