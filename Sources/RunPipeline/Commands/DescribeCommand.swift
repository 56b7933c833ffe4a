import ArgumentParser

/// `run-pipeline describe`: Print the dataflow graph of a pipeline.
struct DescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Print the dataflow graph of a pipeline."
    )

    func run() async throws {
        throw ValidationError("'describe' is not available in this build yet")
    }
}
