import ArgumentParser
import Foundation
import Logging
import SlipstreamSnapshot

/// The options of the `snapshots` commands naming the store: `--snapshot-dir`, or `--snapshot-topic` with
/// `--brokers`; each may come from the environment variable `run` uses.
struct SnapshotStoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The snapshot directory (default: $\(RunSettings.Environment.snapshotDirectory)).", valueName: "dir"))
    var snapshotDir: String?

    @Option(
        help: ArgumentHelp(
            "The snapshot topic, instead of a directory (default: $\(RunSettings.Environment.snapshotTopic)).",
            valueName: "topic"))
    var snapshotTopic: String?

    @Option(
        help: ArgumentHelp(
            "Kafka bootstrap servers for --snapshot-topic (default: $\(RunSettings.Environment.brokers), else \(RunSettings.defaultBrokers)).",
            valueName: "brokers"))
    var brokers: String?

    /// Opens the store as a reader (never locks out a running job), or fails with a one-line reason.
    func open() throws -> any SnapshotStore {
        do {
            return try location().open(access: .reader)
        } catch let error as SnapshotCommandError {
            throw error
        } catch {
            throw SnapshotCommandError("\(error)")
        }
    }

    /// The store the options name.
    func location() throws -> SnapshotLocation {
        let environment = ProcessInfo.processInfo.environment
        func fromEnvironment(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let directory = snapshotDir ?? (snapshotTopic == nil ? fromEnvironment(RunSettings.Environment.snapshotDirectory) : nil)
        let topic = snapshotTopic ?? (directory == nil ? fromEnvironment(RunSettings.Environment.snapshotTopic) : nil)
        let location: SnapshotLocation
        switch (directory, topic) {
        case (let directory?, nil):
            location = .directory(directory)
        case (nil, let topic?):
            let servers = brokers ?? fromEnvironment(RunSettings.Environment.brokers) ?? RunSettings.defaultBrokers
            location = .topic(topic, brokers: servers)
        case (_?, _?):
            throw SnapshotCommandError("give --snapshot-dir or --snapshot-topic, not both")
        case (nil, nil):
            throw SnapshotCommandError(
                "no snapshot store: give --snapshot-dir DIR (or set \(RunSettings.Environment.snapshotDirectory)) or --snapshot-topic TOPIC")
        }
        return location
    }
}

/// A failure of a `snapshots` command, printed as one line ("Error: …") with exit status 1.
struct SnapshotCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension SnapshotStore {
    /// The listing, or a one-line failure.
    func listing() throws -> [SnapshotListing] {
        do {
            return try list()
        } catch {
            throw SnapshotCommandError("cannot read the snapshot store: \(error)")
        }
    }

    /// The snapshot `text` names: a store id, or `latest` for the newest complete one.
    func select(_ text: String) throws -> SnapshotListing {
        let all = try listing()
        if text == "latest" {
            guard let newest = all.first(where: \.isComplete) else {
                throw SnapshotCommandError("there is no complete snapshot in the store")
            }
            return newest
        }
        guard let id = Int64(text) else {
            throw SnapshotCommandError("'\(text)' is not a snapshot id (a number from `snapshots list`, or 'latest')")
        }
        guard let found = all.first(where: { $0.id == id }) else {
            let known = all.map { String($0.id) }.joined(separator: ", ")
            throw SnapshotCommandError("there is no snapshot \(id) in the store (snapshots: \(known.isEmpty ? "none" : known))")
        }
        return found
    }
}
