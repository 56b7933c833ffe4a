import ArgumentParser
import Logging
import SlipstreamKafka

/// The options every command that connects to Kafka shares.
struct KafkaClientOptions: ParsableArguments {
    @Option(name: .customLong("brokers"), help: ArgumentHelp(
        "Bootstrap servers: comma-separated host:port (the first line `run-pipeline kafka` prints).",
        valueName: "host:port,..."))
    var bootstrapServers: String

    @Option(name: .customLong("property"), help: ArgumentHelp(
        "Any librdkafka property, NAME=VALUE (repeatable); unknown names and bad values are rejected.",
        valueName: "name=value"))
    var properties: [String] = []

    @Option(help: "How long to wait for the brokers to answer before giving up, in seconds.")
    var connectTimeout: Double = 10

    @Flag(help: "Log librdkafka's informational messages too.")
    var verbose = false

    func validate() throws {
        if bootstrapServers.split(separator: ",").contains(where: { !$0.contains(":") }) {
            throw ValidationError("--brokers wants host:port[,host:port...], got '\(bootstrapServers)'")
        }
        for property in properties where !property.contains("=") || property.hasPrefix("=") {
            throw ValidationError("--property wants NAME=VALUE, got '\(property)'")
        }
        if !(connectTimeout > 0 && connectTimeout <= 3600) {
            throw ValidationError("--connect-timeout must be between 0 and 3600 seconds")
        }
    }

    /// The `--property` pairs as a dictionary.
    var propertyDictionary: [String: String] {
        var result: [String: String] = [:]
        for property in properties {
            let parts = property.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return result
    }

    var timeout: Duration { .milliseconds(Int(connectTimeout * 1000)) }

    var logger: Logger { commandLogger(verbose: verbose) }
}

/// A logger writing to stderr: warnings and errors, or everything from info up with `--verbose`.
func commandLogger(verbose: Bool, label: String = "run-pipeline") -> Logger {
    var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = verbose ? .info : .warning
    return logger
}

extension KafkaError {
    /// A one-line explanation for a command's failure, with a hint where one helps.
    func commandMessage(brokers: String, topic: String? = nil) -> String {
        switch code {
        case .unknownTopicOrPartition, .unknownTopic:
            return "topic '\(topic ?? "?")' does not exist on \(brokers) (an embedded cluster creates topics with `run-pipeline kafka --topic NAME:PARTITIONS`)"
        case .transport, .timedOut, .allBrokersDown:
            return "cannot reach Kafka at \(brokers): \(message)"
        default:
            return description
        }
    }
}
