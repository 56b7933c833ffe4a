import BenchSupport
import Foundation
import Logging
import Slipstream
import SlipstreamPipelines

/// The `fraud-detection` pipeline as the benchmark runs it: from the earliest offsets, a one-minute label
/// window (the backlog spans minutes of event time, so labels join and windows close during the run, and both
/// learning paths are part of the measured work), and one worker thread per core.
///
/// `fetchWait` is the payments source's `fetch.wait.max.ms`: the throughput run uses the peers' 5 ms
/// (`BENCH_FETCH_WAIT_MS`); the latency run less, because librdkafka's mock holds a fetch that found no data
/// for all of it even when data arrives meanwhile (a real broker answers at once), which is latency a real
/// cluster would not add.
///
/// For experiments, `PIPELINE_BENCH_BALANCING=0` keeps each stage instance on the worker it started on (the
/// engine's worker balancing off), and `PIPELINE_BENCH_CONSUMER` adds librdkafka properties (`name=value,…`) to
/// the pipeline's consumers.
enum FraudBenchPipeline {
    static func start(on cluster: BenchCluster, threads: Int, linger: Duration, fetchWait: Duration) throws -> Job {
        var settings = FraudSettings()
        settings.start = .earliest
        settings.labelWindow = .minutes(1)
        settings.idleTimeout = .seconds(1)
        settings.scoresLinger = linger
        settings.fetchWait = fetchWait
        let consumerProperties = librdkafkaProperties(fromEnvironment: "PIPELINE_BENCH_CONSUMER")
        var configuration = PipelineConfiguration(
            kafka: KafkaConnection(bootstrapServers: cluster.kafka.bootstrapServers, consumerProperties: consumerProperties),
            cooperativeThreads: threads, logger: cluster.logger)
        configuration.job.logger = cluster.logger
        configuration.balancesWorkers = ProcessInfo.processInfo.environment["PIPELINE_BENCH_BALANCING"] != "0"
        return try FraudDetection.make(settings).start(configuration)
    }
}
