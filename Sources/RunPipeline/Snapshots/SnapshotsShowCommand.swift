import ArgumentParser
import SlipstreamSnapshot

/// `run-pipeline snapshots show`: everything about one snapshot.
struct SnapshotsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one snapshot: time, size, job, guarantee, offsets, model version, per-vertex sizes.",
        discussion: """
            With --verify every segment is read back and its checksums checked; the exit status is 1 if the \
            snapshot is incomplete or damaged.
            """
    )

    @Argument(help: ArgumentHelp("The snapshot's id (from `snapshots list`), or 'latest'.", valueName: "id"))
    var id: String

    @OptionGroup var store: SnapshotStoreOptions

    @Flag(help: "Read the whole snapshot back and check every checksum.")
    var verify = false

    @Flag(help: "Print the snapshot as one JSON object.")
    var json = false

    func run() throws {
        let opened = try store.open()
        let listing = try opened.select(id)
        guard let manifest = listing.manifest else {
            let reason = listing.problem.map { "\($0.code): \($0.message)" } ?? "it has no manifest"
            throw SnapshotCommandError("snapshot \(listing.id) cannot be shown: \(reason)")
        }
        if json {
            var verification: SnapshotStoreError?
            if verify {
                do { try opened.verify(manifest.id) } catch let error as SnapshotStoreError { verification = error }
            }
            var listed = listing
            if let verification { listed.problem = verification }
            print(SnapshotJSON.line(SnapshotJSON(listed)))
            if listed.problem != nil { throw ExitCode.failure }
            return
        }
        let key = SnapshotManifest.MetadataKey.self
        var lines = [
            "snapshot     \(manifest.id)",
            "taken        \(SnapshotText.time(manifest.createdAt))",
            "job          \(manifest.metadata[key.job] ?? "-") (its snapshot \(manifest.jobSnapshotID))",
            "guarantee    \(manifest.metadata[key.processingGuarantee] ?? "-")",
            "size         \(SnapshotText.size(manifest.byteCount)) (\(manifest.byteCount) bytes), \(manifest.entryCount) entries",
            "model        \(manifest.metadata[key.modelVersion].map { "version \($0)" } ?? "none")",
            "status       \(listing.problem.map { "\($0.code): \($0.message)" } ?? "complete")",
        ]
        let offsets = manifest.allSourceOffsets
        lines.append(offsets.isEmpty ? "offsets      none recorded" : "offsets")
        for offset in offsets { lines.append("  \(offset.topic)[\(offset.partition)]  next \(offset.offset)") }
        print(lines.joined(separator: "\n"))
        print("vertices")
        var rows = [["  VERTEX", "INSTANCES", "ENTRIES", "SIZE"]]
        for vertex in manifest.vertices {
            rows.append([
                "  " + vertex.name, vertex.instances.map(String.init).joined(separator: ","), String(vertex.entryCount),
                SnapshotText.size(vertex.byteCount),
            ])
        }
        print(SnapshotText.table(rows), terminator: "")
        let other = manifest.metadata.keys.filter { name in
            name != key.job && name != key.processingGuarantee && name != key.modelVersion
                && !name.hasPrefix(key.sourceOffsets)
        }.sorted()
        if !other.isEmpty {
            print("metadata")
            for name in other { print("  \(name) = \(manifest.metadata[name] ?? "")") }
        }
        if verify {
            do {
                try opened.verify(manifest.id)
            } catch {
                throw SnapshotCommandError("snapshot \(manifest.id) failed verification: \(error)")
            }
            print("verified     every segment reads back with correct checksums")
        }
        if listing.problem != nil { throw ExitCode.failure }
    }
}
