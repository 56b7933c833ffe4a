import ArgumentParser
import SlipstreamKafka

/// `run-pipeline kafka`: an embedded Kafka cluster (librdkafka's mock) running stand-alone.
struct KafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Run an embedded Kafka cluster stand-alone.",
        discussion: """
            Starts librdkafka's mock Kafka cluster in this process, creates the topics, prints the bootstrap \
            servers as the first line of stdout and runs until SIGINT or SIGTERM (then exits 0). Any Kafka client \
            can connect, for example:
              BROKERS=$(run-pipeline kafka --topic events:8 | head -1)   # in another terminal: keep it running
              kcat -b "$BROKERS" -L

            Topics cannot be created later through the Kafka admin API (the mock has none): name them all here. \
            Each partition keeps only its newest ~5 MiB (older messages are dropped silently); give topics enough \
            partitions for the data that must be re-read. A warning is logged when a partition nears the cap.
            """
    )

    @Option(help: "Number of brokers.")
    var brokers = 3

    @Option(name: .customLong("topic"), help: ArgumentHelp(
        "A topic to create, NAME:PARTITIONS or NAME:PARTITIONS:REPLICAS (repeatable).", valueName: "name:partitions"))
    var topics: [String] = []

    @Option(help: "Seconds between checks of the partitions against the ~5 MiB retention cap (0: off).")
    var retentionCheckSeconds = 5

    @Flag(help: "Log informational messages too.")
    var verbose = false

    func validate() throws {
        guard (1...64).contains(brokers) else { throw ValidationError("--brokers must be between 1 and 64, not \(brokers)") }
        var names = Set<String>()
        for text in topics {
            guard let spec = EmbeddedKafka.TopicSpec(parsing: text) else {
                throw ValidationError("--topic wants NAME:PARTITIONS[:REPLICAS] with positive numbers, got '\(text)'")
            }
            guard names.insert(spec.name).inserted else { throw ValidationError("topic '\(spec.name)' is given twice") }
            if let replicas = spec.replicationFactor, replicas > brokers {
                throw ValidationError("topic '\(spec.name)' wants \(replicas) replicas but there are \(brokers) brokers")
            }
        }
        guard retentionCheckSeconds >= 0 else { throw ValidationError("--retention-check-seconds must not be negative") }
    }

    func run() async throws {
        let trap = SignalTrap()
        let logger = commandLogger(verbose: verbose, label: "run-pipeline.kafka")
        let specs = topics.compactMap(EmbeddedKafka.TopicSpec.init(parsing:))
        let kafka: EmbeddedKafka
        do {
            kafka = try EmbeddedKafka(
                brokers: brokers, topics: specs,
                retentionCheckInterval: retentionCheckSeconds > 0 ? .seconds(retentionCheckSeconds) : nil,
                logger: logger)
        } catch {
            throw KafkaCommandError("cannot start the embedded cluster: \(error)")
        }
        var output = StandardOutput()
        output.append(kafka.bootstrapServers + "\n")
        output.flush()
        let topicList = kafka.topics.map { "\($0.name):\($0.partitions)" }.joined(separator: ", ")
        writeStandardError(
            "embedded Kafka: \(brokers) broker\(brokers == 1 ? "" : "s") at \(kafka.bootstrapServers); topics: \(topicList.isEmpty ? "none" : topicList); stop with Ctrl-C\n")
        let signalNumber = await trap.wait()
        writeStandardError("embedded Kafka: stopping (signal \(signalNumber))\n")
        kafka.shutdown()
    }
}
