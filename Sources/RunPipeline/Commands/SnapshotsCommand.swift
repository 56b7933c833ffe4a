import ArgumentParser

/// `run-pipeline snapshots`: inspects and retires the snapshots of a snapshot directory.
struct SnapshotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "Inspect and delete the snapshots in a snapshot directory.",
        discussion: """
            Works on the directory `run-pipeline run --snapshot-dir` writes, also while that job runs (it only \
            reads, except `delete`). The directory can come from SLIPSTREAM_SNAPSHOT_DIR instead of the flag.
              run-pipeline snapshots list --snapshot-dir state/page-view-counts
              run-pipeline snapshots show latest --snapshot-dir state/page-view-counts --verify
              run-pipeline snapshots delete 12 --snapshot-dir state/page-view-counts
            Exporting a snapshot's model file is not available yet (no pipeline keeps a learner in its snapshots).
            """,
        subcommands: [SnapshotsListCommand.self, SnapshotsShowCommand.self, SnapshotsDeleteCommand.self]
    )
}
