import ArgumentParser
import Foundation
import Logging
import SlipstreamSnapshot

/// The `--snapshot-dir` option of the `snapshots` commands, and opening the store it names for inspection.
struct SnapshotStoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The snapshot directory (default: $\(RunSettings.Environment.snapshotDirectory)).", valueName: "dir"))
    var snapshotDir: String?

    /// Opens the store as a reader (never locks out a running job), or fails with a one-line reason.
    func open() throws -> DirectorySnapshotStore {
        let environment = ProcessInfo.processInfo.environment[RunSettings.Environment.snapshotDirectory]
        guard let directory = snapshotDir ?? environment.flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw SnapshotCommandError(
                "no snapshot directory: give --snapshot-dir DIR or set \(RunSettings.Environment.snapshotDirectory)")
        }
        do {
            return try DirectorySnapshotStore(
                directory: directory, access: .reader,
                logger: Logger(label: "slipstream.snapshot") { StreamLogHandler.standardError(label: $0) })
        } catch {
            throw SnapshotCommandError("\(error)")
        }
    }
}

/// A failure of a `snapshots` command, printed as one line ("Error: …") with exit status 1.
struct SnapshotCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension DirectorySnapshotStore {
    /// The listing, or a one-line failure.
    func listing() throws -> [SnapshotListing] {
        do {
            return try list()
        } catch {
            throw SnapshotCommandError("cannot read the snapshot directory \(directory): \(error)")
        }
    }

    /// The snapshot `text` names: a store id, or `latest` for the newest complete one.
    func select(_ text: String) throws -> SnapshotListing {
        let all = try listing()
        if text == "latest" {
            guard let newest = all.first(where: \.isComplete) else {
                throw SnapshotCommandError("there is no complete snapshot in \(directory)")
            }
            return newest
        }
        guard let id = Int64(text) else {
            throw SnapshotCommandError("'\(text)' is not a snapshot id (a number from `snapshots list`, or 'latest')")
        }
        guard let found = all.first(where: { $0.id == id }) else {
            let known = all.map { String($0.id) }.joined(separator: ", ")
            throw SnapshotCommandError(
                "there is no snapshot \(id) in \(directory) (snapshots: \(known.isEmpty ? "none" : known))")
        }
        return found
    }
}
