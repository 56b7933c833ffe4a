import ArgumentParser
import SlipstreamSnapshot

/// `run-pipeline snapshots delete`: removes one snapshot.
struct SnapshotsDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete one snapshot.",
        discussion: """
            Deleting the newest complete snapshot makes the previous one the restore point; the command says \
            which snapshot a job would now resume from. Damaged or incomplete snapshots can be deleted too.
            """
    )

    @Argument(help: ArgumentHelp("The snapshot's id (from `snapshots list`).", valueName: "id"))
    var id: Int64

    @OptionGroup var store: SnapshotStoreOptions

    func run() throws {
        let opened = try store.open()
        let listing = try opened.select(String(id))
        do {
            try opened.delete(id: listing.id)
        } catch {
            throw SnapshotCommandError("cannot delete snapshot \(id): \(error)")
        }
        let next = try opened.listing().first(where: \.isComplete)
        print(
            "deleted snapshot \(id); "
                + (next.map { "a job now resumes from snapshot \($0.id)" } ?? "no complete snapshot is left"))
    }
}
