import ArgumentParser
import Foundation
import SlipstreamKafka

/// `run-pipeline consume`: prints the messages of a topic as JSON Lines.
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print the messages of a Kafka topic as JSON Lines.",
        discussion: """
            Prints each message's value, which must be a JSON object or array, as one line on stdout (line breaks \
            inside the JSON become spaces). With --envelope each line is instead an object with topic, partition, \
            offset, timestamp, key and value. A message whose value is not JSON is reported on stderr with its \
            partition and offset and skipped; with --strict it stops the run with exit status 1.

            Without --group all partitions are read directly (nothing is committed). With --group the consumer \
            joins that group and commits the offsets of the messages it printed, so a second run continues where \
            the first stopped.

            Stops after --max messages, at the end of every partition with --exit-at-end, or on SIGINT/SIGTERM \
            (exit 0 in all three cases). A progress line (count, rate) goes to stderr every 2 seconds of a long \
            run, a summary at the end.

            Example:
              run-pipeline consume --brokers "$BROKERS" --topic scores --from-beginning --max 10
            """
    )

    @OptionGroup var kafka: KafkaClientOptions

    @Option(help: "The topic to read.")
    var topic: String

    @Flag(help: "Start at the oldest message (default: only new messages; with --group: where the group stopped).")
    var fromBeginning = false

    @Option(help: "Stop after this many messages.")
    var max: Int?

    @Option(help: "Consume as a member of this consumer group and commit progress.")
    var group: String?

    @Flag(help: "Stop when the end of every partition is reached.")
    var exitAtEnd = false

    @Flag(help: "Print each message in an envelope with topic, partition, offset, timestamp and key.")
    var envelope = false

    @Flag(help: "Stop with exit status 1 at the first message whose value is not JSON.")
    var strict = false

    func validate() throws {
        guard !topic.isEmpty else { throw ValidationError("--topic must not be empty") }
        if let max, max < 1 { throw ValidationError("--max must be at least 1, not \(max)") }
        if let group, group.isEmpty { throw ValidationError("--group must not be empty") }
    }

    func run() async throws {
        let trap = SignalTrap()
        var configuration = KafkaConsumerConfiguration(bootstrapServers: kafka.bootstrapServers, groupID: group)
        configuration.clientID = "run-pipeline-consume"
        configuration.autoOffsetReset = fromBeginning ? .earliest : .latest
        configuration.enableAutoCommit = false
        configuration.storeOffsetsOnPoll = false
        configuration.fetchWaitMax = .milliseconds(10)
        configuration.reportEndOfPartition = exitAtEnd
        // A command-line reader comes and goes: a short session lets the group settle quickly after it leaves.
        configuration.sessionTimeout = .seconds(10)
        configuration.heartbeatInterval = .seconds(1)
        configuration.properties = kafka.propertyDictionary
        let consumer: KafkaConsumer
        let partitions: Int
        do {
            consumer = try KafkaConsumer(configuration: configuration, logger: kafka.logger)
            partitions = try consumer.partitionCount(of: topic, timeout: kafka.timeout)
            if group != nil {
                try consumer.subscribe([topic])
            } else {
                let start = fromBeginning ? KafkaOffset.beginning : KafkaOffset.end
                try consumer.assign((0..<Int32(partitions)).map { KafkaTopicPartitionOffset(topic: topic, partition: $0, offset: start) })
            }
        } catch {
            throw KafkaCommandError(error.commandMessage(brokers: kafka.bootstrapServers, topic: topic))
        }

        var printer = TopicPrinter(topic: topic, envelope: envelope, strict: strict, partitions: partitions)
        let limit = max ?? .max
        var lastCommit = ContinuousClock.now
        while printer.printed < limit && trap.signalCaught == nil {
            try consumer.poll(maxRecords: limit - printer.printed, timeout: .milliseconds(100)) { batch in
                printer.print(batch)
            }
            if printer.failure != nil || (exitAtEnd && printer.reachedEndOfAll) { break }
            if group != nil && ContinuousClock.now - lastCommit > .seconds(5) {
                try commit(consumer, printer.nextOffsets)
                lastCommit = ContinuousClock.now
            }
        }
        printer.finish()
        if group != nil { try commit(consumer, printer.nextOffsets) }
        try? consumer.close()
        var text = "consumed \(ProgressLine.grouped(printer.printed)) messages from \(topic) in "
        text += "\(String(format: "%.2f", printer.progress.elapsedSeconds)) s (\(ProgressLine.grouped(Int(printer.progress.rate))) msg/s)"
        if printer.skipped > 0 { text += "; \(ProgressLine.grouped(printer.skipped)) non-JSON messages skipped" }
        writeStandardError(text + "\n")
        if let failure = printer.failure { throw KafkaCommandError(failure) }
    }

    private func commit(_ consumer: KafkaConsumer, _ offsets: [Int32: Int64]) throws {
        guard !offsets.isEmpty else { return }
        do {
            try consumer.commit(offsets.map { KafkaTopicPartitionOffset(topic: topic, partition: $0.key, offset: $0.value) })
        } catch {
            throw KafkaCommandError("cannot commit the group's offsets: \(error)")
        }
    }
}
