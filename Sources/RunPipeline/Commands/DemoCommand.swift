import ArgumentParser

/// `run-pipeline demo`: Run the demo on an embedded Kafka cluster.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the demo on an embedded Kafka cluster."
    )

    func run() async throws {
        throw ValidationError("'demo' is not available in this build yet")
    }
}
