import ArgumentParser
import Slipstream
import SlipstreamPipelines

/// `run-pipeline describe`: Print the dataflow graph of a pipeline.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Print the dataflow graph of a pipeline.",
        discussion: """
            Plans the named pipeline as it would run, without connecting to anything, and prints its DAG: every \
            vertex with its parallelism and the stages fused into it, then every edge with its routing \
            (isolated, round-robin, partitioned, all-to-one). With --dot the graph is Graphviz DOT instead:
              run-pipeline describe page-view-counts --dot | dot -Tsvg > graph.svg
            """
    )

    @Argument(help: ArgumentHelp("The registered pipeline to describe.", valueName: "pipeline"))
    var pipeline: String

    @Flag(help: "Print Graphviz DOT instead of text.")
    var dot = false

    @Option(
        help: ArgumentHelp(
            "Worker threads to plan for (what 'per-worker' parallelism becomes).", valueName: "count"))
    var threads: Int?

    func validate() throws {
        guard PipelineRegistry.named(pipeline) != nil else {
            throw ValidationError(
                "unknown pipeline '\(pipeline)'. Known pipelines: \(PipelineRegistry.names.joined(separator: ", "))")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }

    func run() throws {
        guard let registered = PipelineRegistry.named(pipeline) else { throw ExitCode.validationFailure }
        var configuration = PipelineConfiguration()
        if let threads { configuration.cooperativeThreads = threads }
        let built = try registered.make(PipelineSettings())
        do {
            print(dot ? try built.describeDOT(configuration) : try built.describe(configuration))
        } catch {
            throw ValidationError("pipeline '\(pipeline)' cannot be planned: \(error)")
        }
    }
}
