import ArgumentParser
import SlipstreamSnapshot

/// `run-pipeline snapshots list`: one line per snapshot, newest first.
struct SnapshotsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the snapshots, newest first: id, time, size, entries, status and source offsets.",
        discussion: """
            The status is `ok` for a snapshot a job can resume from, else why not (incomplete, damaged, …); \
            `run-pipeline run` resumes from the first `ok` line. Data checksums are checked by \
            `snapshots show ID --verify`.
            """
    )

    @OptionGroup var store: SnapshotStoreOptions

    @Flag(help: "Print a JSON array of the snapshots instead of a table.")
    var json = false

    func run() throws {
        let opened = try store.open()
        let listings = try opened.listing()
        if json {
            print(SnapshotJSON.line(listings.map(SnapshotJSON.init)))
            return
        }
        guard !listings.isEmpty else {
            print("no snapshots in \(try store.location())")
            return
        }
        var rows = [["ID", "TIME (UTC)", "SIZE", "ENTRIES", "OFFSETS", "STATUS"]]
        for listing in listings {
            let manifest = listing.manifest
            let status = listing.problem.map { "\($0.code): \($0.message)" } ?? (manifest == nil ? "no manifest" : "ok")
            rows.append([
                String(listing.id),
                manifest.map { SnapshotText.time($0.createdAt) } ?? "-",
                manifest.map { SnapshotText.size($0.byteCount) } ?? "-",
                manifest.map { String($0.entryCount) } ?? "-",
                manifest.map { SnapshotManifest.formatSourceOffsets($0.allSourceOffsets) }.flatMap { $0.isEmpty ? nil : $0 } ?? "-",
                status,
            ])
        }
        print(SnapshotText.table(rows), terminator: "")
    }
}
