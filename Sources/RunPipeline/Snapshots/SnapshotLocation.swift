import Logging
import SlipstreamSnapshot

/// Where a job's snapshots are kept: a local directory (the default store) or a Kafka topic.
enum SnapshotLocation: CustomStringConvertible {
    case directory(String)
    case topic(String, brokers: String)

    /// The location `settings` name, or `nil` when they name none.
    init?(_ settings: RunSettings) {
        if let directory = settings.snapshotDirectory {
            self = .directory(directory)
        } else if let topic = settings.snapshotTopic {
            self = .topic(topic, brokers: settings.brokers)
        } else {
            return nil
        }
    }

    enum Access {
        case writer, reader
    }

    /// Opens the store: a writer locks a directory against a second writer; a reader only lists, reads and
    /// deletes.
    func open(access: Access, retain: Int = 3) throws -> any SnapshotStore {
        let logger = Logger(label: "slipstream.snapshot") { StreamLogHandler.standardError(label: $0) }
        switch self {
        case .directory(let path):
            return try DirectorySnapshotStore(
                directory: path, retain: retain, access: access == .writer ? .writer : .reader, logger: logger)
        case .topic(let topic, let brokers):
            var configuration = KafkaSnapshotStoreConfiguration(topic: topic, bootstrapServers: brokers)
            configuration.retain = retain
            return try KafkaSnapshotStore(
                configuration: configuration, access: access == .writer ? .writer : .reader, logger: logger)
        }
    }

    var description: String {
        switch self {
        case .directory(let path): path
        case .topic(let topic, let brokers): "topic \(topic) on \(brokers)"
        }
    }
}
