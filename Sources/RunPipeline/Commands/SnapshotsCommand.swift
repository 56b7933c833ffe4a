import ArgumentParser

/// `run-pipeline snapshots`: inspects, exports and retires the snapshots of a snapshot store.
struct SnapshotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "Inspect, export and delete the snapshots of a snapshot directory or topic.",
        discussion: """
            Works on the store `run-pipeline run` writes (--snapshot-dir, or --snapshot-topic with --brokers), also \
            while that job runs (it only reads, except `delete`). The directory can come from \
            SLIPSTREAM_SNAPSHOT_DIR instead of the flag.
              run-pipeline snapshots list --snapshot-dir state/page-view-counts
              run-pipeline snapshots show latest --snapshot-dir state/page-view-counts --verify
              run-pipeline snapshots export latest --snapshot-dir state/fraud-detection --output fraud.model
              run-pipeline snapshots delete 12 --snapshot-dir state/page-view-counts
            """,
        subcommands: [
            SnapshotsListCommand.self, SnapshotsShowCommand.self, SnapshotsExportCommand.self,
            SnapshotsDeleteCommand.self,
        ]
    )
}
