import SlipstreamEngine
import SlipstreamGrid
import SlipstreamLearn

/// Snapshot entries of a scoring stage (one instance, so no entry has a partition):
///
/// - `model/<learner>`: the learner as model-file bytes (`ModelFile`: weights, optimizer state, feature
///   transforms; examples learned and version in the metadata), exportable as is;
/// - `metrics/<learner>`: its progressive metrics;
/// - `pending`: the served examples and early labels waiting in the label join.
extension LearnerProcessor {
    static var modelKeyPrefix: String { "model/" }
    static var metricsKeyPrefix: String { "metrics/" }
    static var pendingKey: String { "pending" }

    @usableFromInline
    mutating func saveToSnapshot(into snapshot: SnapshotOutbox, outbox: Outbox<Output>) throws -> Bool {
        // Output of items already taken from the inbox must be out before the state that produced it is saved.
        guard pending.flush(to: outbox) else { return false }
        closeDueWindows()
        if unsaved == nil {
            var entries: [SnapshotEntry] = []
            for i in learners.indices {
                let bytes = try modelFileBytes(i)
                if i == serving { savedServingModel = bytes }
                entries.append(SnapshotEntry(key: Self.modelKeyPrefix + learnerNames[i], value: bytes))
                var writer = BinaryWriter()
                metrics[i].encode(to: &writer)
                entries.append(SnapshotEntry(key: Self.metricsKeyPrefix + learnerNames[i], value: writer.bytes))
            }
            if let buffer {
                do {
                    entries.append(SnapshotEntry(key: Self.pendingKey, value: try buffer.save()))
                } catch {
                    throw PipelineError("cannot save the examples waiting for labels: \(error)", stage: context?.vertexName)
                }
            }
            unsaved = entries.reversed()
        }
        while let entry = unsaved?.last {
            guard snapshot.offer(entry) else { return false }
            unsaved?.removeLast()
        }
        unsaved = nil
        return true
    }

    @usableFromInline
    mutating func snapshotCommitFinish(success: Bool) throws -> Bool {
        if success, let publisher, let bytes = savedServingModel { publisher.publish(bytes) }
        savedServingModel = nil
        return true
    }

    @usableFromInline
    mutating func restoreFromSnapshot(_ inbox: inout Inbox<SnapshotEntry>) throws {
        while let entry = inbox.poll() {
            let key = String(decoding: entry.key, as: UTF8.self)
            if key == Self.pendingKey {
                guard let buffer else {
                    logger.warning("the snapshot holds examples waiting for labels, but the stage awaits none: dropped")
                    continue
                }
                do {
                    try buffer.restore(from: entry.value)
                } catch {
                    throw PipelineError("cannot restore the examples waiting for labels: \(error)", stage: context?.vertexName)
                }
            } else if key.hasPrefix(Self.modelKeyPrefix) || key.hasPrefix(Self.metricsKeyPrefix) {
                restored[key] = entry.value
            } else {
                throw PipelineError("unexpected snapshot entry '\(key)' for a scoring stage", stage: context?.vertexName)
            }
        }
    }

    @usableFromInline
    mutating func finishSnapshotRestore() throws -> Bool {
        defer { restored = [:] }
        let stage = context?.vertexName
        var restoredLearners = Set<String>()
        for i in learners.indices {
            let name = learnerNames[i]
            if let bytes = restored[Self.metricsKeyPrefix + name] {
                var reader = BinaryReader(bytes)
                do {
                    let saved = try LearnerMetrics(from: &reader)
                    if saved.isBinary == metrics[i].isBinary { metrics[i] = saved }
                } catch {
                    throw PipelineError("cannot restore the metrics of learner '\(name)': \(error)", stage: stage)
                }
            }
            guard let bytes = restored[Self.modelKeyPrefix + name] else { continue }
            restoredLearners.insert(name)
            if isScoreOnly {
                // A model given as a file or bytes wins over the snapshot's.
                guard case .snapshot? = setup.mode.modelSource?.kind else { continue }
                do {
                    try load(try ModelFile.parse(bytes, expecting: setup.schema.spec), origin: "the snapshot's model")
                } catch let error as PipelineError {
                    throw error
                } catch {
                    throw PipelineError("cannot score with the snapshot's model of '\(name)': \(error)", stage: stage)
                }
                continue
            }
            do {
                let file = try ModelFile.parse(bytes, expecting: setup.schema.spec)
                guard file.configuration.model == setup.learners[i].model else {
                    throw PipelineError("it holds a \(file.configuration.model) model, the spec asks for \(setup.learners[i].model)")
                }
                learners[i] = try Model(configuration: file.configuration, core: file.core)
                learned[i] = Int64(file.metadata[ModelMetadataKey.examples] ?? "") ?? 0
                if i == serving || restoredLearners.count == 1, var savedEncoder = file.encoder {
                    savedEncoder.isLearning = true
                    encoder = savedEncoder
                }
            } catch {
                throw PipelineError(
                    "cannot restore learner '\(name)' from the snapshot (\(error)); start the job fresh or give the "
                        + "learner a new name", stage: stage)
            }
        }
        let missing = learnerNames.filter { !restoredLearners.contains($0) }
        if !restoredLearners.isEmpty && !missing.isEmpty && !isScoreOnly {
            logger.info("learners not in the snapshot start fresh: \(missing.joined(separator: ", "))")
        }
        let extra = restored.keys.filter { $0.hasPrefix(Self.modelKeyPrefix) }
            .map { String($0.dropFirst(Self.modelKeyPrefix.count)) }.filter { !learnerNames.contains($0) }
        if !extra.isEmpty && !isScoreOnly {
            logger.warning("the snapshot's learners \(extra.sorted().joined(separator: ", ")) are no longer in the stage: dropped")
        }
        publishFigures()
        return true
    }
}
