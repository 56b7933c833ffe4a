import ArgumentParser

/// The `run-pipeline` command line: lists, runs, resumes and inspects Slipstream pipelines.
@main
struct RunPipeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-pipeline",
        abstract: "Run and inspect Slipstream streaming online-learning pipelines.",
        subcommands: []
    )
}
