import Foundation
import Logging
import SlipstreamEngine
import SlipstreamGrid
import SlipstreamLearn

/// The processor of a scoring stage: encodes each event's features, scores it with every learner, emits the
/// serving learner's score, and trains the learners on the labels — inline, or arriving later on a second input
/// and joined to the features that were served.
///
/// It runs as one instance fed all-to-one, so the model has a single writer and no lock. The served features
/// wait in a ``OneToOneJoinBuffer`` keyed by the event id, bounded by event time: a label trains the learners on
/// exactly the served features and judges exactly the served scores; an event whose window the watermark passes
/// without a label becomes an ``UnlabelledExamples`` example. Labels and pending examples, weights, optimizer
/// state, feature transforms and metrics are all saved in snapshots (``saveToSnapshot(into:outbox:)``).
///
/// Bad input never reaches the weights: non-finite or absurd numeric values are treated as missing, non-finite
/// labels are dropped, and an example whose features could overflow an update is not learned; each is counted
/// (``LearningCounterNames``).
@usableFromInline
struct LearnerProcessor<Event, ID: PartitionKey & BinaryCodable, Model: OnlineLearner>: Processor {
    @usableFromInline typealias Input = LearnerInput<Event, ID>
    @usableFromInline typealias Output = Scored<Event>

    @usableFromInline let setup: ScoringSetup<Event, ID>
    /// Feature transforms (running scalers…): shared by the learners, saved in each model file.
    @usableFromInline var encoder: FeatureEncoder
    /// The reused feature buffer of the event being scored.
    @usableFromInline var features: FeatureVector
    /// The reused buffer of the serving learner's reason codes.
    @usableFromInline var reasonCodes: [ReasonCode] = []
    /// The learners running: every spec when learning; the serving one alone in score-only mode.
    @usableFromInline var learners: [Model] = []
    @usableFromInline var learnerNames: [String] = []
    @usableFromInline var serving = 0
    /// Examples learned, per learner.
    @usableFromInline var learned: [Int64] = []
    @usableFromInline var metrics: [LearnerMetrics] = []
    /// Score-only: the loaded model's version.
    @usableFromInline var loadedVersion: Int64 = 0
    /// Score-only from the snapshot: whether a model was restored.
    @usableFromInline var hasModel = false
    @usableFromInline let buffer: OneToOneJoinBuffer<ID, ServedExample, Double>?
    @usableFromInline let pending = PendingItems<Scored<Event>>()
    @usableFromInline var tally = LearningTally()
    @usableFromInline var counters = LearningCounters()
    @usableFromInline var namespaceNames: [String] = []
    @usableFromInline var crossNamespaces: [(left: Int, right: Int)] = []
    @usableFromInline var logger = Logger(label: "slipstream.learning")
    @usableFromInline var clock = EngineClock.monotonic
    @usableFromInline var context: ProcessorContext?
    @usableFromInline var board: LearnerBoard?
    @usableFromInline var nextFigures: Int64 = 0
    @usableFromInline var busyNanoseconds: Int64 = 0
    @usableFromInline var watcher: ModelWatcher?
    @usableFromInline var seenGeneration = 0
    @usableFromInline var publisher: ModelPublisher?
    /// Snapshot entries not yet accepted by the snapshot outbox.
    @usableFromInline var unsaved: [SnapshotEntry]?
    /// The serving model's file bytes saved in the last snapshot, published when that snapshot completes.
    @usableFromInline var savedServingModel: [UInt8]?
    /// A watermark whose windows are still to be closed (see ``tryProcess(watermark:outbox:)``).
    @usableFromInline var deferredWatermark: Int64?
    /// Entries read by `restoreFromSnapshot`, applied by `finishSnapshotRestore`.
    @usableFromInline var restored: [String: [UInt8]] = [:]

    /// Largest squared norm of a learnable feature vector: keeps every optimizer's accumulators (which sum
    /// squared gradients times squared values) far from Float overflow.
    @inlinable
    static var maximumSquaredNorm: Double { 1e20 }
    /// Figures are published at most this often (nanoseconds).
    @inlinable
    static var figuresInterval: Int64 { 500_000_000 }

    @usableFromInline
    init(setup: ScoringSetup<Event, ID>) throws {
        self.setup = setup
        self.encoder = try FeatureEncoder(spec: setup.schema.spec)
        self.features = encoder.makeVector()
        self.buffer = setup.labels.map { OneToOneJoinBuffer(window: .within($0.within)) }
    }

    @inlinable
    var isScoreOnly: Bool { !setup.mode.isLearning }

    /// The version stamped on scores: the serving learner's examples learned, or the loaded file's version.
    @inlinable
    var modelVersion: Int64 { isScoreOnly ? loadedVersion : learned[serving] }

    // MARK: - Lifecycle

    @usableFromInline
    mutating func initialize(context: ProcessorContext) throws {
        self.context = context
        logger = context.logger
        clock = context.clock
        counters = LearningCounters(context.counters)
        try prepareLearners()
        namespaceNames = Self.namespaceNames(encoder)
        crossNamespaces = setup.schema.spec.crosses.map { cross in
            let names = setup.schema.spec.fieldNames
            return (names.firstIndex(of: cross.left) ?? 0, names.firstIndex(of: cross.right) ?? 0)
        }
        board = LearningMonitor.shared.register(pipeline: context.jobName, stage: context.vertexName)
        nextFigures = clock.nanoseconds()
        if case .learning(let path?) = setup.mode.kind { publisher = ModelPublisher(path: path, logger: logger) }
        publishFigures()
    }

    @inlinable
    mutating func process(ordinal: Int, inbox: inout Inbox<Input>, outbox: Outbox<Output>) throws {
        guard pending.flush(to: outbox) else { return }
        swapInNewerModel()
        closeDueWindows()
        let started = clock.nanoseconds()
        let scoredAt = Int64(Date().timeIntervalSince1970 * 1_000)
        defer {
            busyNanoseconds &+= clock.nanoseconds() &- started
            endOfBatch()
        }
        while let item = inbox.poll() {
            switch consume item {
            case .event(let event): try serve(consume event, scoredAt: scoredAt)
            case .label(let id, let value, let time): accept(label: value, for: id, time: time)
            }
            guard pending.flush(to: outbox) else { return }
        }
    }

    @inlinable
    mutating func tryProcess(outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        swapInNewerModel()
        closeDueWindows()
        endOfBatch()
        return true
    }

    /// Notes the watermark; the windows it closes are closed at the next batch (or when idle, or before a
    /// snapshot). The engine calls this method through generic code, while `process` and `complete` run
    /// specialized for the event and id types: the join buffer's expiry belongs there. The order stays the
    /// same — windows close before any item that arrived after the watermark — and the stage emits nothing
    /// when a window closes, so forwarding the watermark first changes nothing downstream.
    @inlinable
    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        if !watermark.isIdle, buffer != nil {
            deferredWatermark = max(deferredWatermark ?? .min, watermark.timestamp)
        }
        return outbox.offer(watermark)
    }

    /// Closes the windows the last watermark passed, learning what they hand out.
    @inlinable
    mutating func closeDueWindows() {
        guard let watermark = deferredWatermark, let buffer else { return }
        deferredWatermark = nil
        buffer.advanceWatermark(to: watermark) { train(on: $0) }
    }

    @inlinable
    mutating func complete(outbox: Outbox<Output>) throws -> Bool {
        guard pending.flush(to: outbox) else { return false }
        closeDueWindows()
        // No label can come any more: every window closes.
        if let buffer {
            buffer.advanceWatermark(to: .max) { train(on: $0) }
        }
        endOfBatch()
        publishFigures()
        return true
    }

    @usableFromInline
    mutating func close() throws {
        watcher?.stop()
        watcher = nil
        publisher?.finish()
        publishFigures()
    }

    // MARK: - Scoring

    /// Encodes, scores and emits one event, then learns it (inline target) or keeps it for its label.
    @inlinable
    mutating func serve(_ event: consuming Event, scoredAt: Int64) throws {
        if isScoreOnly && !hasModel {
            throw PipelineError(
                "score-only from the restored snapshot, but the job restored no model for learner "
                    + "'\(setup.servingSpec.name)': start it from a snapshot of a learning run, or give a model file",
                stage: context?.vertexName)
        }
        encode(event)
        var firstScore = 0.0
        var otherScores: [Double] = []
        for i in learners.indices {
            let score = learners[i].score(features)
            if i == 0 { firstScore = score } else { otherScores.append(score) }
        }
        // The kept copy is compact and `features` stays this stage's own buffer, reused by the next event.
        let kept = features.compacted()
        var served = ServedExample(features: kept, firstScore: firstScore, otherScores: otherScores)
        // The target encoders learn the event's target when it is known (now, or when its label comes), for the
        // values it has now.
        served.keepTargets(of: encoder)
        let reasons = reasons(for: event)
        let score = served.score(of: serving)
        // The version that scored it: learning below may advance it.
        let version = modelVersion
        tally.scored += 1
        if let target = setup.target {
            if let value = target(event) {
                if value.isFinite {
                    learn(served, target: value)
                } else {
                    tally.invalidLabels += 1
                }
            }
        } else if let buffer, let labels = setup.labels {
            buffer.offerLeft(served, key: setup.id(event), time: labels.eventTime(event)) { train(on: $0) }
        }
        // Last: the event moves into its score instead of being copied.
        pending.append(
            Scored(
                event: consume event, score: score, modelVersion: version, reasons: reasons, features: kept,
                scoredAt: scoredAt))
    }

    /// Runs the schema's extractors into the reused feature buffer.
    @inlinable
    mutating func encode(_ event: Event) {
        // The extractor arrays, not the whole schema: copying the schema per event costs a retain and a release
        // of each of its arrays, and reading the closures through buffer pointers costs none per closure.
        let numeric = setup.schema.numeric
        let categorical = setup.schema.categorical
        let maxMagnitude = setup.schema.maxMagnitude
        encoder.begin(&features)
        numeric.withUnsafeBufferPointer { extractors in
            for i in extractors.indices {
                var value = extractors[i](event)
                if let raw = value, !(raw.isFinite && abs(raw) <= maxMagnitude) {
                    tally.invalidFeatures += 1
                    value = nil
                }
                encoder.addNumeric(i, value, to: &features)
            }
        }
        categorical.withUnsafeBufferPointer { extractors in
            for j in extractors.indices {
                encoder.addCategorical(j, extractors[j](event), to: &features)
            }
        }
        encoder.finish(&features)
    }

    /// The serving learner's top reason codes, named after the schema's fields and the event's values.
    @inlinable
    mutating func reasons(for event: Event) -> ScoreReasons {
        guard setup.reasons > 0 else { return [] }
        learners[serving].reasonCodes(features, top: setup.reasons, into: &reasonCodes)
        var reasons = ScoreReasons()
        for code in reasonCodes {
            let namespace = Int(code.namespace)
            reasons.append(
                ScoreReason(
                    feature: namespace < namespaceNames.count ? namespaceNames[namespace] : "?",
                    value: value(of: namespace, in: event), contribution: code.contribution))
        }
        return reasons
    }

    /// The categorical value(s) behind a namespace, `nil` for a numeric one.
    @inlinable
    func value(of namespace: Int, in event: Event) -> String? {
        let numericCount = setup.schema.numeric.count
        let categorical = setup.schema.categorical
        let fieldCount = numericCount + categorical.count
        if namespace < numericCount { return nil }
        if namespace < fieldCount { return categorical[namespace - numericCount](event) }
        let cross = namespace - fieldCount
        guard cross < crossNamespaces.count else { return nil }
        let (left, right) = crossNamespaces[cross]
        let leftValue = left < numericCount ? nil : categorical[left - numericCount](event)
        let rightValue = right < numericCount ? nil : categorical[right - numericCount](event)
        guard leftValue != nil || rightValue != nil else { return nil }
        // Concatenation, not interpolation: a short result stays a small string, with no allocation.
        return (leftValue ?? namespaceNames[left]) + "*" + (rightValue ?? namespaceNames[right])
    }

    @usableFromInline
    static func namespaceNames(_ encoder: FeatureEncoder) -> [String] {
        let count = encoder.spec.fieldNames.count + encoder.spec.crosses.count
        return (0..<count).map { encoder.namespaceName(UInt16($0)) }
    }

    // MARK: - Labels and learning

    @inlinable
    mutating func accept(label value: Double, for id: ID, time: Int64) {
        guard value.isFinite else {
            tally.invalidLabels += 1
            return
        }
        guard let buffer else { return }
        buffer.offerRight(value, key: id, time: time) { train(on: $0) }
    }

    /// Learns from what the join buffer hands out: a labelled example, a closed window, or a lone label. Called
    /// by the buffer as it hands each out (learning never calls back into the buffer), so that the served
    /// features are used where they are, not copied into a list first.
    @inlinable
    mutating func train(on output: JoinOutput<ID, ServedExample, Double>) {
        switch output {
        case .matched(_, let served, _, let label, _):
            tally.labelsMatched += 1
            learn(served, target: label)
        case .unmatchedLeft(_, let served, _):
            tally.windowsClosed += 1
            if case .learnAs(let target) = setup.labels?.unlabelled ?? .drop { learn(served, target: target) }
        case .unmatchedRight:
            tally.labelsUnmatched += 1
        }
    }

    /// Judges every learner's served score against `target`, then (when learning) trains each on the served
    /// features. An example whose features could overflow an update, or that belongs to another feature space,
    /// is counted as rejected and not learned.
    @inlinable
    mutating func learn(_ served: ServedExample, target: Double) {
        for i in learners.indices { metrics[i].record(score: served.score(of: i), target: target) }
        guard setup.learnsFromLabels else { return }
        // A restored example of another feature space (the schema changed since the snapshot) cannot be learned.
        let norm = served.features.squaredNorm
        guard served.features.hashBits == features.hashBits, served.features.denseSlots == features.denseSlots,
            norm.isFinite, norm <= Self.maximumSquaredNorm
        else {
            tally.examplesRejected += 1
            return
        }
        for i in learners.indices {
            learners[i].learn(served.features, target: target)
            learned[i] += 1
        }
        served.teach(&encoder, target: target)
        tally.examplesLearned += 1
    }

    // MARK: - Figures

    /// Adds the batch's tallies to the vertex counters and publishes the figures when due.
    @inlinable
    mutating func endOfBatch() {
        counters.add(&tally)
        let now = clock.nanoseconds()
        if now >= nextFigures { publishFigures(now: now) }
    }

    @usableFromInline
    mutating func publishFigures(now: Int64? = nil) {
        guard let board, let context else { return }
        let now = now ?? clock.nanoseconds()
        nextFigures = now &+ Self.figuresInterval
        let scored = counters.scored.value
        var figures: [LearnerFigures] = []
        for i in learners.indices {
            let m = metrics[i]
            figures.append(
                LearnerFigures(
                    pipeline: context.jobName, stage: context.vertexName, learner: learnerNames[i],
                    isServing: i == serving, isLearning: setup.learnsFromLabels, examplesLearned: learned[i],
                    examplesJudged: m.count, scored: Int64(scored),
                    modelVersion: isScoreOnly ? loadedVersion : learned[i], logLoss: m.logLoss, rocAUC: m.rocAUC,
                    recentLogLoss: m.recentLogLoss, recentROCAUC: m.recentROCAUC, meanAbsoluteError: m.meanAbsoluteError,
                    rootMeanSquaredError: m.rootMeanSquaredError,
                    pendingExamples: buffer?.pendingLeftCount ?? 0,
                    meanBatchMicrosPerEvent: scored > 0 ? Double(busyNanoseconds) / 1_000 / Double(scored) : .nan))
        }
        board.publish(figures)
    }
}
