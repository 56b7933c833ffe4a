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
            (isolated, round-robin, partitioned, all-to-one), then the pipeline's own settings with their \
            defaults (what `run-pipeline run --set NAME=VALUE` changes). With --dot the graph is Graphviz DOT \
            instead:
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
        if !dot && !registered.settings.isEmpty { print(Self.settingsTable(registered.settings)) }
    }

    /// The pipeline's settings as aligned columns: name, default, what it does.
    static func settingsTable(_ settings: [PipelineSettingInfo]) -> String {
        let nameWidth = settings.map(\.name.count).max() ?? 0
        let defaultWidth = settings.map(\.defaultValue.count).max() ?? 0
        func padded(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
        var lines = ["settings (run --set NAME=VALUE, SLIPSTREAM_SET_NAME=VALUE, or under `settings:` in --config):"]
        for setting in settings {
            lines.append(
                "  \(padded(setting.name, nameWidth))  \(padded(setting.defaultValue, defaultWidth))  \(setting.summary)")
        }
        return lines.joined(separator: "\n")
    }
}
