import ArgumentParser
import Slipstream

/// The options of `run-pipeline run` that choose how the pipeline's scoring stages learn: a learning job (the
/// default), which may publish its model for others, or a score-only worker that scores with a published model
/// file (hot-swapped when a newer one appears) or with the model of the snapshot it restores.
struct LearningOptions: ParsableArguments {
    @Flag(help: "Score without learning, with the model of --model FILE or --from-snapshot.")
    var scoreOnly = false

    @Option(
        help: ArgumentHelp(
            "With --score-only: the model file to score with; a newer valid file replaces it without a pause.",
            valueName: "file"))
    var model: String?

    @Flag(help: "With --score-only: score with the learner's model of the snapshot the job resumes from.")
    var fromSnapshot = false

    @Option(
        help: ArgumentHelp("With --model: how often to check the file for a newer model, or 'off'.", valueName: "duration"))
    var modelReload = "2s"

    @Option(
        help: ArgumentHelp(
            "While learning: write the serving model to this file after every completed snapshot (atomically), for score-only workers.",
            valueName: "file"))
    var publishModel: String?

    /// The mode these options give, checked against the rest of the run's settings.
    func mode(_ settings: RunSettings) throws(RunSettings.Invalid) -> LearningMode {
        let reload: Duration?
        if modelReload == "off" {
            reload = nil
        } else {
            guard let parsed = DurationText.parse(modelReload), parsed >= .milliseconds(10) else {
                throw RunSettings.Invalid(description: "--model-reload wants a duration such as 2s (or 'off'), got '\(modelReload)'")
            }
            reload = parsed
        }
        let hasStore = settings.snapshotDirectory != nil || settings.snapshotTopic != nil
        if fromSnapshot && (!hasStore || settings.fresh) {
            throw RunSettings.Invalid(
                description: "--from-snapshot restores the model from a snapshot: give --snapshot-dir or --snapshot-topic, without --fresh")
        }
        if publishModel != nil && !hasStore {
            throw RunSettings.Invalid(
                description: "--publish-model writes the model after every completed snapshot: give --snapshot-dir or --snapshot-topic")
        }
        do {
            return try LearningMode(
                scoreOnly: scoreOnly, modelPath: model, fromSnapshot: fromSnapshot, reloadEvery: reload,
                publishModelTo: publishModel)
        } catch {
            throw RunSettings.Invalid(description: "\(error)")
        }
    }
}
