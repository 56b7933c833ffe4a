import ArgumentParser
import Foundation
import SlipstreamKafka

/// `run-pipeline produce`: sends a JSON Lines file to a Kafka topic, one message per line.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Produce a JSON Lines file to a Kafka topic.",
        discussion: """
            Each line must be a JSON object; it is sent as is, one message per line. With --key-field the \
            message key is that field's value (a string's text, or a number's or boolean's JSON text); lines \
            without the field are sent without a key and counted. Blank lines are ignored.

            A line that is not a JSON object is reported on stderr with its line number and skipped; with \
            --strict the whole file is checked first and nothing is sent if any line is bad. Nothing else is \
            dropped: every message is delivered or reported as failed, and the exit status is 1 if any failed.

            A progress line (count, rate) goes to stderr every 2 seconds of a long run, a summary at the end. \
            SIGINT/SIGTERM stop reading; what was read is still delivered.

            Example:
              run-pipeline produce --brokers "$BROKERS" --topic events --file events.jsonl --key-field key
            """
    )

    @OptionGroup var kafka: KafkaClientOptions

    @Option(help: "The topic to send to. It must exist.")
    var topic: String

    @Option(help: ArgumentHelp("The JSON Lines file to send ('-' for standard input).", valueName: "path"))
    var file: String

    @Option(help: "Take each message's key from this top-level field.")
    var keyField: String?

    @Flag(help: "Check the whole file first and send nothing if any line is not a JSON object.")
    var strict = false

    @Option(help: "Milliseconds messages wait to form batches (linger.ms).")
    var lingerMs = 5

    func validate() throws {
        guard !topic.isEmpty else { throw ValidationError("--topic must not be empty") }
        guard !file.isEmpty else { throw ValidationError("--file must not be empty") }
        guard (0...900_000).contains(lingerMs) else { throw ValidationError("--linger-ms must be between 0 and 900000") }
    }

    func run() async throws {
        let trap = SignalTrap()
        let input = try LineReader(path: file)
        var configuration = KafkaProducerConfiguration(bootstrapServers: kafka.bootstrapServers)
        configuration.clientID = "run-pipeline-produce"
        configuration.linger = .milliseconds(lingerMs)
        configuration.allowAutoCreateTopics = false
        configuration.deliveryReports = .errorsOnly
        configuration.queueMaxMessages = 1_000_000
        configuration.messageTimeout = .seconds(60)
        configuration.properties = kafka.propertyDictionary
        let producer: KafkaProducer
        let topicHandle: KafkaProducerTopic
        do {
            producer = try KafkaProducer(configuration: configuration, logger: kafka.logger)
            _ = try producer.partitionCount(of: topic, timeout: kafka.timeout)
            topicHandle = try producer.topic(topic)
        } catch {
            throw KafkaCommandError(error.commandMessage(brokers: kafka.bootstrapServers, topic: topic))
        }
        let summary = try JSONLineProducer(producer: producer, topic: topicHandle, keyField: keyField, strict: strict)
            .run(input, stop: trap)
        let delivered = summary.sent - summary.failedDeliveries
        var text = "produced \(ProgressLine.grouped(delivered)) messages to \(topic) in "
        text += "\(String(format: "%.2f", summary.seconds)) s (\(ProgressLine.grouped(Int(Double(delivered) / max(summary.seconds, 1e-9)))) msg/s)"
        if summary.invalidLines > 0 { text += "; \(ProgressLine.grouped(summary.invalidLines)) invalid lines skipped" }
        if summary.linesWithoutKey > 0 { text += "; \(ProgressLine.grouped(summary.linesWithoutKey)) lines without '\(keyField ?? "")' sent without a key" }
        if summary.failedDeliveries > 0 { text += "; \(ProgressLine.grouped(summary.failedDeliveries)) NOT delivered" }
        writeStandardError(text + "\n")
        if summary.failedDeliveries > 0 {
            throw KafkaCommandError("\(summary.failedDeliveries) messages were not delivered (see above)")
        }
    }
}
