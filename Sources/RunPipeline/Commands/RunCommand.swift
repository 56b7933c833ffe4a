import ArgumentParser
import Foundation
import Logging
import Slipstream
import SlipstreamPipelines
import SlipstreamSnapshot

/// `run-pipeline run`: plans and runs a registered pipeline against Kafka, with periodic snapshots, resuming
/// from the latest complete one, and a graceful stop on SIGTERM/SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a registered pipeline against Kafka, with snapshots and resume.",
        discussion: """
            Plans the named pipeline (see `run-pipeline list`) and runs it until it is stopped. With a snapshot \
            directory (or topic) it takes a snapshot at every interval, and on start resumes from the latest complete \
            snapshot there (sources seek to the saved offsets, state is restored) unless --fresh is given; a \
            damaged or incomplete snapshot is skipped for the previous one, with a warning.

            SIGTERM or SIGINT (Ctrl-C) stops it gracefully: a final snapshot is taken and committed, then the \
            process exits 0. If that takes longer than --stop-timeout, or a second signal arrives, the job is \
            cancelled and the exit status is 1 (the previous snapshot stays the restore point).

            SIGUSR1 takes a snapshot now (`kill -USR1 <pid>`), whatever the interval.

            A progress line is logged every --progress-interval: events read and written and their rates, the \
            consumer lag and the event-to-score latency (p50, p99) when known, each learner's progressive log \
            loss and AUC, and the last snapshot.

            --metrics-port serves Prometheus metrics on http://HOST:PORT/metrics (per-vertex items in and out, \
            queue fill and busy time, events in and out, lag, event-to-score latency histogram, learner \
            examples, log loss and AUC, last snapshot id, time and duration), /health (200 while the job runs) \
            and /ready (200 once it has started, restored its state, initialized every stage and every Kafka \
            source has its partitions); HOST is \
            127.0.0.1 unless --metrics-host says otherwise (0.0.0.0 in a container).

            Scoring stages learn from their labels by default. --publish-model FILE writes the serving model \
            after every completed snapshot; score-only workers (--score-only --model FILE) score with that file \
            and swap in each newer version between two batches, without a pause. --score-only --from-snapshot \
            scores with the model of the snapshot the job resumes from. `snapshots export` writes the model of \
            any snapshot.

            --curve FILE writes the learning curve of every learner (progressive log loss and AUC at each \
            --progress-interval, 10s when off) for `run-pipeline report FILE`; each run starts the file afresh.

            Every option can also come from an environment variable or a YAML settings file (a flag wins over \
            the environment, which wins over the file):
              variable                      flag                 default
              SLIPSTREAM_BROKERS            --brokers            \(RunSettings.defaultBrokers)
              SLIPSTREAM_SNAPSHOT_DIR       --snapshot-dir       none: no snapshots
              SLIPSTREAM_SNAPSHOT_TOPIC     --snapshot-topic     none (instead of a dir)
              SLIPSTREAM_SNAPSHOT_INTERVAL  --snapshot-interval  5s ('off': none)
              SLIPSTREAM_SNAPSHOT_RETAIN    --snapshot-retain    \(RunSettings.defaultRetain)
              SLIPSTREAM_GUARANTEE          --guarantee          at-least-once
              SLIPSTREAM_THREADS            --threads            one per core
              SLIPSTREAM_STOP_TIMEOUT       --stop-timeout       30s
              SLIPSTREAM_PROGRESS_INTERVAL  --progress-interval  5s ('off': none)
              SLIPSTREAM_METRICS_PORT       --metrics-port       none: no endpoint
              SLIPSTREAM_METRICS_HOST       --metrics-host       127.0.0.1
              SLIPSTREAM_CURVE              --curve              none
              SLIPSTREAM_FRESH=true         --fresh              false (resume)
              SLIPSTREAM_SET_<NAME>=VALUE   --set name=value     the pipeline's own
              SLIPSTREAM_CONFIG             --config             none
            SLIPSTREAM_SET_INPUT_TOPIC=x is --set input-topic=x; `run-pipeline describe PIPELINE` lists a pipeline's \
            settings and their defaults.
            The file is a mapping of the long option names, plus the pipeline's settings under `settings:`:
              brokers: kafka-1:9092,kafka-2:9092
              snapshot-dir: state/page-view-counts
              snapshot-interval: 10s
              guarantee: at-least-once
              settings:
                input-topic: page-views

            Exit status: 0 after a graceful stop or when the pipeline completes; 64 for a bad option or an \
            unknown pipeline; 1 when the job fails or cannot start.

            Example:
              run-pipeline run page-view-counts --brokers localhost:9092 \\
                --snapshot-dir state/page-view-counts
            """
    )

    @Argument(help: ArgumentHelp("The registered pipeline to run (see `run-pipeline list`).", valueName: "pipeline"))
    var pipeline: String

    @Option(help: ArgumentHelp("Kafka bootstrap servers, host:port[,host:port…].", valueName: "brokers"))
    var brokers: String?

    @Option(help: ArgumentHelp("Directory of the snapshot store; without it no snapshots are taken.", valueName: "dir"))
    var snapshotDir: String?

    @Option(
        help: ArgumentHelp(
            "Keep snapshots in this Kafka topic (on --brokers; 2+ partitions) instead of a directory, so another machine can resume.",
            valueName: "topic"))
    var snapshotTopic: String?

    @Option(help: ArgumentHelp("Time between periodic snapshots: 500ms, 5s, 1m, or 'off'.", valueName: "duration"))
    var snapshotInterval: String?

    @Option(help: ArgumentHelp("Complete snapshots kept in the store.", valueName: "count"))
    var snapshotRetain: String?

    @Option(
        help: ArgumentHelp(
            "Processing guarantee: exactly-once (Kafka sinks write in transactions committed with each snapshot; needs a snapshot store), at-least-once (results since the last snapshot are written again after a crash) or none.",
            valueName: "guarantee"))
    var guarantee: String?

    @Option(help: ArgumentHelp("A YAML file of settings (see above).", valueName: "file"))
    var config: String?

    @Flag(help: "Resume from the latest complete snapshot (the default).")
    var resume = false

    @Flag(help: "Ignore existing snapshots and start from the sources' start positions.")
    var fresh = false

    @Option(help: ArgumentHelp("Worker threads.", valueName: "count"))
    var threads: String?

    @Option(help: ArgumentHelp("How long a graceful stop may take before the job is cancelled.", valueName: "duration"))
    var stopTimeout: String?

    @Option(help: ArgumentHelp("Time between progress lines on stderr, or 'off'.", valueName: "duration"))
    var progressInterval: String?

    @Option(help: ArgumentHelp("Serve Prometheus metrics, /health and /ready on this port (0: any free port).", valueName: "port"))
    var metricsPort: String?

    @Option(help: ArgumentHelp("The address the metrics endpoint binds (default 127.0.0.1).", valueName: "host"))
    var metricsHost: String?

    @Option(help: ArgumentHelp("Write the learners' learning curve (JSON Lines) to this file, for `run-pipeline report`.", valueName: "file"))
    var curve: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("A setting of the pipeline, such as input-topic=views.", valueName: "name=value"))
    var settings: [String] = []

    @Flag(name: .shortAndLong, help: "Log debug details.")
    var verbose = false

    @OptionGroup(title: "Learning") var learning: LearningOptions

    func run() async throws {
        var resolved: RunSettings
        do {
            resolved = try RunSettings(
                flags: RunSettings.Flags(
                    brokers: brokers, snapshotDirectory: snapshotDir, snapshotTopic: snapshotTopic, snapshotInterval: snapshotInterval,
                    snapshotRetain: snapshotRetain, guarantee: guarantee, threads: threads, stopTimeout: stopTimeout,
                    progressInterval: progressInterval, metricsPort: metricsPort, metricsHost: metricsHost, curve: curve,
                    config: config, resume: resume, fresh: fresh, settings: settings),
                environment: ProcessInfo.processInfo.environment)
            resolved.learningMode = try learning.mode(resolved)
        } catch {
            throw usageFailure("\(error)")
        }
        guard let registered = PipelineRegistry.named(pipeline) else {
            throw usageFailure(
                "unknown pipeline '\(pipeline)'; known pipelines: \(PipelineRegistry.names.joined(separator: ", "))")
        }
        var logger = Logger(label: "run-pipeline.run") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .info
        let trap = SignalTrap()
        let telemetry: RunTelemetry
        do {
            telemetry = try await RunTelemetry.start(
                resolved.metrics, curvePath: resolved.curve, curveInterval: resolved.progressInterval ?? .seconds(10),
                pipeline: registered.name, logger: logger)
        } catch {
            writeStandardError("run-pipeline run: \(error)\n")
            throw ExitCode.failure
        }
        var runner = PipelineRunner(registered: registered, settings: resolved, logger: logger)
        runner.telemetry = telemetry
        let outcome = await runner.run(until: trap)
        await telemetry.stop()
        switch outcome {
        case .success: return
        case .failure(let message):
            writeStandardError("run-pipeline run: \(message)\n")
            throw ExitCode.failure
        }
    }

    private func usageFailure(_ message: String) -> ExitCode {
        writeStandardError("run-pipeline run: \(message)\n")
        return ExitCode.validationFailure
    }
}
