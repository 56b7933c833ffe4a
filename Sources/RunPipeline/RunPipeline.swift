import ArgumentParser
import Foundation
import SlipstreamEngine

/// The `run-pipeline` command line: lists, runs, resumes and inspects Slipstream pipelines.
@main
struct RunPipeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-pipeline",
        abstract: "Run and inspect Slipstream streaming online-learning pipelines.",
        discussion: """
            Start with `run-pipeline demo`: it starts an embedded Kafka cluster and shows the whole system working.
            Every command has its own --help.
            """,
        subcommands: [
            DemoCommand.self,
            ListCommand.self,
            RunCommand.self,
            SnapshotsCommand.self,
            KafkaCommand.self,
            ProduceCommand.self,
            ConsumeCommand.self,
            EvaluateCommand.self,
            ReportCommand.self,
            DescribeCommand.self,
        ]
    )

    /// Every command streams: the allocator keeps freed buffers for reuse before any command starts.
    static func main() async {
        StreamingAllocator.configure(environment: ProcessInfo.processInfo.environment)
        await main(nil)
    }
}
