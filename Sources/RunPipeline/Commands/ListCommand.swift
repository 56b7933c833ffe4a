import ArgumentParser
import SlipstreamPipelines

/// `run-pipeline list`: the registered pipelines, one per line with what it does.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the registered pipelines.",
        discussion: """
            Prints every pipeline `run-pipeline run` and `describe` accept, one per line: its name, then what it \
            does. Pipelines are registered in the package's Pipelines/ folder.
            """
    )

    @Flag(help: "Print the names only, one per line (for scripts).")
    var namesOnly = false

    func run() {
        let pipelines = PipelineRegistry.all
        if namesOnly {
            for pipeline in pipelines { print(pipeline.name) }
            return
        }
        let width = pipelines.map(\.name.count).max() ?? 0
        for pipeline in pipelines {
            let padding = String(repeating: " ", count: width - pipeline.name.count)
            print("\(pipeline.name)\(padding)  \(pipeline.summary)")
        }
    }
}
