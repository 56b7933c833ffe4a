import ArgumentParser

/// `run-pipeline evaluate`: Progressive validation of an online learner over a JSON Lines file.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Progressive validation of an online learner over a JSON Lines file."
    )

    func run() async throws {
        throw ValidationError("'evaluate' is not available in this build yet")
    }
}
