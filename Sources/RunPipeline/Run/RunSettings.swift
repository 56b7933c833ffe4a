import Foundation
import Slipstream
import SlipstreamEngine

/// The settings of `run-pipeline run`, resolved from flags first, then environment variables, then defaults;
/// every value is checked here so that a mistake is reported as one line before anything starts.
struct RunSettings {
    /// The environment variable of each setting (documented in `run --help`).
    enum Environment {
        static let brokers = "SLIPSTREAM_BROKERS"
        static let snapshotDirectory = "SLIPSTREAM_SNAPSHOT_DIR"
        static let snapshotTopic = "SLIPSTREAM_SNAPSHOT_TOPIC"
        static let snapshotInterval = "SLIPSTREAM_SNAPSHOT_INTERVAL"
        static let snapshotRetain = "SLIPSTREAM_SNAPSHOT_RETAIN"
        static let guarantee = "SLIPSTREAM_GUARANTEE"
        static let threads = "SLIPSTREAM_THREADS"
        static let stopTimeout = "SLIPSTREAM_STOP_TIMEOUT"
        static let fresh = "SLIPSTREAM_FRESH"
        static let config = "SLIPSTREAM_CONFIG"
        static let progressInterval = "SLIPSTREAM_PROGRESS_INTERVAL"
        static let metricsPort = "SLIPSTREAM_METRICS_PORT"
        static let metricsHost = "SLIPSTREAM_METRICS_HOST"
        static let curve = "SLIPSTREAM_CURVE"
        /// `SLIPSTREAM_SET_INPUT_TOPIC=x` is `--set input-topic=x`.
        static let settingPrefix = "SLIPSTREAM_SET_"
    }

    static let defaultBrokers = "localhost:9092"
    static let defaultInterval = Duration.seconds(5)
    static let defaultRetain = 3
    static let defaultStopTimeout = Duration.seconds(30)

    var brokers = defaultBrokers
    /// `nil` (and no ``snapshotTopic``): no snapshots are taken or restored.
    var snapshotDirectory: String?
    /// A Kafka topic on ``brokers`` holding the snapshots instead of a directory.
    var snapshotTopic: String?
    /// `nil`: on-demand and terminal snapshots only.
    var snapshotInterval: Duration? = defaultInterval
    var snapshotRetain = defaultRetain
    var guarantee = ProcessingGuarantee.atLeastOnce
    var threads = ProcessInfo.processInfo.activeProcessorCount
    var stopTimeout = defaultStopTimeout
    /// `nil`: no progress lines.
    var progressInterval: Duration? = .seconds(5)
    /// `nil`: no metrics endpoint.
    var metrics: MetricsEndpointSettings?
    /// The learning-curve file, `nil` for none.
    var curve: String?
    var fresh = false
    /// The pipeline's own settings (topics, hyperparameters…).
    var pipelineSettings: [String: String] = [:]
    /// Whether the scoring stages learn, or only score with a given model (see ``LearningOptions``).
    var learningMode = LearningMode.learning

    /// A setting that is not valid, in words.
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// The flags as given on the command line (`nil` when absent).
    struct Flags {
        var brokers: String?
        var snapshotDirectory: String?
        var snapshotTopic: String?
        var snapshotInterval: String?
        var snapshotRetain: String?
        var guarantee: String?
        var threads: String?
        var stopTimeout: String?
        var progressInterval: String?
        var metricsPort: String?
        var metricsHost: String?
        var curve: String?
        var config: String?
        var resume = false
        var fresh = false
        var settings: [String] = []
    }

    /// Resolves `flags` over `environment` over the settings file (`--config` or `SLIPSTREAM_CONFIG`) over the
    /// defaults.
    init(flags: Flags, environment: [String: String]) throws(Invalid) {
        var file = RunConfigFile()
        if let path = flags.config ?? environment[Environment.config].flatMap({ $0.isEmpty ? nil : $0 }) {
            file = try RunConfigFile(path: path)
        }
        let fileKeys = [
            Environment.brokers: "brokers", Environment.snapshotDirectory: "snapshot-dir",
            Environment.snapshotTopic: "snapshot-topic",
            Environment.snapshotInterval: "snapshot-interval", Environment.snapshotRetain: "snapshot-retain",
            Environment.guarantee: "guarantee", Environment.threads: "threads", Environment.stopTimeout: "stop-timeout",
            Environment.fresh: "fresh", Environment.progressInterval: "progress-interval",
            Environment.metricsPort: "metrics-port", Environment.metricsHost: "metrics-host", Environment.curve: "curve",
        ]
        func value(_ flag: String?, _ variable: String) -> (text: String, source: String)? {
            if let flag { return (flag, "--") }
            if let text = environment[variable], !text.isEmpty { return (text, variable) }
            if let key = fileKeys[variable], let text = file.options[key] { return (text, "\(file.path): \(key)") }
            return nil
        }
        func origin(_ source: String, _ flagName: String) -> String {
            source == "--" ? "--\(flagName)" : source
        }
        if let (text, _) = value(flags.brokers, Environment.brokers) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw Invalid(description: "--brokers must name at least one host:port") }
            brokers = trimmed
        }
        if let (text, _) = value(flags.snapshotDirectory, Environment.snapshotDirectory) {
            guard !text.isEmpty else { throw Invalid(description: "--snapshot-dir must not be empty") }
            snapshotDirectory = text
        }
        if let (text, _) = value(flags.snapshotTopic, Environment.snapshotTopic) {
            guard !text.isEmpty else { throw Invalid(description: "--snapshot-topic must not be empty") }
            snapshotTopic = text
        }
        if snapshotDirectory != nil && snapshotTopic != nil {
            throw Invalid(description: "give a snapshot directory or a snapshot topic, not both")
        }
        if let (text, source) = value(flags.snapshotInterval, Environment.snapshotInterval) {
            if ["off", "none", "0"].contains(text.lowercased()) {
                snapshotInterval = nil
            } else {
                guard let interval = DurationText.parse(text), interval >= .milliseconds(10) else {
                    throw Invalid(
                        description: "\(origin(source, "snapshot-interval")) wants a duration of at least 10ms such as 5s, 500ms or 1m (or 'off'), got '\(text)'")
                }
                snapshotInterval = interval
            }
        }
        if let (text, source) = value(flags.snapshotRetain, Environment.snapshotRetain) {
            guard let count = Int(text), count >= 1 else {
                throw Invalid(description: "\(origin(source, "snapshot-retain")) wants a whole number of at least 1, got '\(text)'")
            }
            snapshotRetain = count
        }
        if let (text, source) = value(flags.guarantee, Environment.guarantee) {
            switch text.lowercased() {
            case "exactly-once", "exactlyonce": guarantee = .exactlyOnce
            case "at-least-once", "atleastonce": guarantee = .atLeastOnce
            case "none": guarantee = .none
            default:
                throw Invalid(
                    description: "\(origin(source, "guarantee")) must be exactly-once, at-least-once or none, got '\(text)'")
            }
        }
        if let (text, source) = value(flags.threads, Environment.threads) {
            guard let count = Int(text), (1...1024).contains(count) else {
                throw Invalid(description: "\(origin(source, "threads")) wants a whole number from 1 to 1024, got '\(text)'")
            }
            threads = count
        }
        if let (text, source) = value(flags.stopTimeout, Environment.stopTimeout) {
            guard let timeout = DurationText.parse(text), timeout > .zero else {
                throw Invalid(description: "\(origin(source, "stop-timeout")) wants a positive duration such as 30s, got '\(text)'")
            }
            stopTimeout = timeout
        }
        if let (text, source) = value(flags.progressInterval, Environment.progressInterval) {
            if ["off", "none", "0"].contains(text.lowercased()) {
                progressInterval = nil
            } else {
                guard let interval = DurationText.parse(text), interval >= .milliseconds(100) else {
                    throw Invalid(
                        description: "\(origin(source, "progress-interval")) wants a duration of at least 100ms such as 10s (or 'off'), got '\(text)'")
                }
                progressInterval = interval
            }
        }
        let port = value(flags.metricsPort, Environment.metricsPort)
        let host = value(flags.metricsHost, Environment.metricsHost)
        metrics = try MetricsEndpointSettings.parse(
            port: port?.text, portOrigin: origin(port?.source ?? "--", "metrics-port"),
            host: host?.text, hostOrigin: origin(host?.source ?? "--", "metrics-host"))
        if let (text, source) = value(flags.curve, Environment.curve) {
            guard !text.isEmpty else { throw Invalid(description: "\(origin(source, "curve")) must name a file") }
            curve = text
        }
        if guarantee == .exactlyOnce && snapshotRetain < 2 {
            // The newest snapshot becomes the restore point only when its Kafka transaction commits; until then
            // the one before it must still be there.
            throw Invalid(
                description: "exactly-once needs --snapshot-retain of at least 2 (the previous snapshot is the restore point until the newest one's Kafka transaction commits), got \(snapshotRetain)")
        }
        if flags.resume && flags.fresh {
            throw Invalid(description: "--resume and --fresh contradict each other: give one")
        }
        if flags.fresh {
            fresh = true
        } else if !flags.resume, let (text, source) = value(nil, Environment.fresh) {
            switch text.lowercased() {
            case "1", "true", "yes": fresh = true
            case "0", "false", "no": fresh = false
            default: throw Invalid(description: "\(source) must be true or false, got '\(text)'")
            }
        }
        pipelineSettings = file.settings
        for (variable, text) in environment where variable.hasPrefix(Environment.settingPrefix) {
            let name = variable.dropFirst(Environment.settingPrefix.count).lowercased()
                .replacingOccurrences(of: "_", with: "-")
            if !name.isEmpty { pipelineSettings[name] = text }
        }
        for assignment in flags.settings {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw Invalid(description: "--set wants NAME=VALUE, got '\(assignment)'")
            }
            pipelineSettings[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
    }
}
