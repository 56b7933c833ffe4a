import ArgumentParser
import Foundation
import Slipstream
import SlipstreamEngine
import SlipstreamLearn
import SlipstreamSnapshot

/// `run-pipeline snapshots export`: writes the model a snapshot holds as a model file, for scoring-only workers
/// (`run --score-only --model FILE`) and for `evaluate`-style inspection.
struct SnapshotsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the model file of a snapshot's learner.",
        discussion: """
            A learner stage saves its model (weights, optimizer state, feature specification, hyperparameters) in \
            every snapshot under the entry 'model/<learner>'. This command checks that model's format version and \
            checksum and writes it, atomically, to --output. With several learners in the pipeline \
            (champion/challenger) name one with --learner; without it the command lists them.

            Example:
              run-pipeline snapshots export latest --snapshot-dir state/fraud --output fraud.model
            """
    )

    @Argument(help: ArgumentHelp("The snapshot's id (from `snapshots list`), or 'latest'.", valueName: "id"))
    var id: String

    @OptionGroup var store: SnapshotStoreOptions

    @Option(help: ArgumentHelp("The learner whose model to export, when the snapshot holds several.", valueName: "name"))
    var learner: String?

    @Option(name: [.short, .long], help: ArgumentHelp("The model file to write.", valueName: "file"))
    var output: String

    func run() throws {
        let opened = try store.open()
        let listing = try opened.select(id)
        guard let manifest = listing.manifest, listing.isComplete else {
            let reason = listing.problem.map { "\($0.code): \($0.message)" } ?? "it has no manifest"
            throw SnapshotCommandError("snapshot \(listing.id) cannot be exported: \(reason)")
        }
        let contents: SnapshotContents
        do {
            contents = try opened.load(manifest)
        } catch {
            throw SnapshotCommandError("snapshot \(manifest.id) cannot be read: \(error)")
        }
        let models = Self.models(in: contents)
        guard !models.isEmpty else {
            throw SnapshotCommandError(
                "snapshot \(manifest.id) holds no model: its pipeline has no learner stage")
        }
        let chosen: (name: String, bytes: [UInt8])
        if let learner {
            guard let match = models.first(where: { $0.name == learner }) else {
                throw SnapshotCommandError(
                    "snapshot \(manifest.id) has no learner '\(learner)'; it has: \(models.map(\.name).joined(separator: ", "))")
            }
            chosen = match
        } else if models.count == 1 {
            chosen = models[0]
        } else {
            throw SnapshotCommandError(
                "snapshot \(manifest.id) holds \(models.count) learners (\(models.map(\.name).joined(separator: ", "))); choose one with --learner")
        }
        let model: ModelFile
        do {
            model = try ModelFile.parse(chosen.bytes)
        } catch {
            throw SnapshotCommandError("the model of learner '\(chosen.name)' in snapshot \(manifest.id) is damaged: \(error)")
        }
        let destination = URL(fileURLWithPath: output)
        do {
            try Data(chosen.bytes).write(to: destination, options: .atomic)
        } catch {
            throw SnapshotCommandError("cannot write \(output): \(error.localizedDescription)")
        }
        let version = model.metadata[ModelMetadataKey.version].map { ", model version \($0)" } ?? ""
        let examples = model.metadata[ModelMetadataKey.examples].map { ", \($0) examples learned" } ?? ""
        print(
            "wrote \(output): learner '\(chosen.name)' of snapshot \(manifest.id)\(version)\(examples), \(SnapshotText.size(Int64(chosen.bytes.count)))")
    }

    /// Every learner's model in `contents`: entries keyed `model/<learner>`, from any vertex, sorted by name.
    static func models(in contents: SnapshotContents) -> [(name: String, bytes: [UInt8])] {
        let prefix = Array("model/".utf8)
        var found: [String: [UInt8]] = [:]
        for vertex in contents.vertexNames {
            for entry in contents.entries(vertex: vertex) where entry.key.starts(with: prefix) {
                found[String(decoding: entry.key.dropFirst(prefix.count), as: UTF8.self)] = entry.value
            }
        }
        return found.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
