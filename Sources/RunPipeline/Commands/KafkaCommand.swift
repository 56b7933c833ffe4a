import ArgumentParser

/// `run-pipeline kafka`: Run an embedded Kafka cluster stand-alone.
struct KafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Run an embedded Kafka cluster stand-alone."
    )

    func run() async throws {
        throw ValidationError("'kafka' is not available in this build yet")
    }
}
