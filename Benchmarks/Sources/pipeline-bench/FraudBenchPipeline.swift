import Logging
import Slipstream
import SlipstreamPipelines

/// The `fraud-detection` pipeline as the benchmark runs it: from the earliest offsets, a one-minute label
/// window (the backlog spans minutes of event time, so labels join and windows close during the run, and both
/// learning paths are part of the measured work), and one worker thread per core.
enum FraudBenchPipeline {
    static func start(on cluster: BenchCluster, threads: Int, linger: Duration) throws -> Job {
        var settings = FraudSettings()
        settings.start = .earliest
        settings.labelWindow = .minutes(1)
        settings.idleTimeout = .seconds(1)
        settings.scoresLinger = linger
        // The peers' consumers use fetch.wait.max.ms=5 on the same mock (BENCH_FETCH_WAIT_MS).
        settings.fetchWait = .milliseconds(5)
        var configuration = PipelineConfiguration(
            kafka: KafkaConnection(bootstrapServers: cluster.kafka.bootstrapServers), cooperativeThreads: threads,
            logger: cluster.logger)
        configuration.job.logger = cluster.logger
        return try FraudDetection.make(settings).start(configuration)
    }
}
