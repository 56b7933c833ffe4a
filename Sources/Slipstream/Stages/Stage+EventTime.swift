import SlipstreamEngine

/// Where event time comes from when the items do not carry it in a field.
public enum RecordTimestamp: Sendable, Hashable {
    /// The Kafka record's timestamp (CreateTime or LogAppendTime), read by a Kafka source.
    case kafkaRecord
}

/// How a stage assigns event time: the timestamp, the allowed lateness, the idle timeout.
@usableFromInline
struct EventTimeSpec<Item>: Sendable {
    /// Reads an item's event time in milliseconds; `nil` for the source's record timestamps.
    @usableFromInline var timestamp: (@Sendable (Item) -> Int64)?
    var allowedLateness: Duration
    var idleTimeout: Duration?
    /// What happens to late events that ``Stage/lateEvents`` does not take.
    @usableFromInline var late = LateEventHandling.drop

    /// Whether late events stay in the stream.
    @usableFromInline var keepsLate: Bool { late == .keep }

    /// The engine policy; late events go to output ordinal 1 when `divertLate`, else stay in the stream or are
    /// dropped, and are counted either way.
    @usableFromInline
    func policy(divertLate: Bool) -> EventTimePolicy<Item> {
        EventTimePolicy(
            timestamp: timestamp, allowedLateness: allowedLateness, idleTimeout: idleTimeout,
            lateEvents: divertLate ? .sideOutput(ordinal: 1) : keepsLate ? .emit : .drop)
    }
}

/// What a ``Stage/timestamps(_:allowedLateness:idleTimeout:late:)`` stage does with the events that arrive
/// behind its watermark. They are counted as `lateEvents` either way.
public enum LateEventHandling: Sendable, Hashable {
    /// Drop them (unless ``Stage/lateEvents`` takes them as a stream of their own).
    case drop
    /// Keep them in the stream with the events on time: for pipelines that must handle every event however
    /// late (score every payment). Windows and joins downstream still judge them against their own watermark.
    /// The same as merging the stage with its ``Stage/lateEvents``, without the extra stage.
    case keep
}

extension Stage {
    /// Assigns event time from each item and emits watermarks; items behind the watermark are *late*.
    ///
    /// Called right on a source, the source itself tracks event time per partition (the watermark is the
    /// minimum over its partitions); anywhere else it adds a stage. Late events are counted
    /// (`lateEvents` in the vertex metrics) and dropped, kept in the stream with `late: .keep`, or taken as a
    /// stream of their own with ``lateEvents``.
    ///
    /// - Parameters:
    ///   - timestamp: the item's event time in milliseconds since 1970; a key path such as `\.time` works.
    ///   - allowedLateness: how far out of order items may arrive and still be on time.
    ///   - idleTimeout: how long a silent partition may hold the watermark back; `nil` forever.
    ///   - late: what happens to late events (see ``LateEventHandling``).
    public func timestamps(
        _ timestamp: @escaping @Sendable (Item) -> Int64, allowedLateness: Duration = .zero,
        idleTimeout: Duration? = .seconds(60), late: LateEventHandling = .drop
    ) -> Stage<Item> {
        assignEventTime(
            EventTimeSpec(
                timestamp: timestamp, allowedLateness: allowedLateness, idleTimeout: idleTimeout, late: late))
    }

    /// Assigns event time from the records' own timestamps: only right on a source that has them (Kafka).
    public func timestamps(
        _ origin: RecordTimestamp, allowedLateness: Duration = .zero, idleTimeout: Duration? = .seconds(60),
        late: LateEventHandling = .drop
    ) -> Stage<Item> {
        assignEventTime(
            EventTimeSpec(timestamp: nil, allowedLateness: allowedLateness, idleTimeout: idleTimeout, late: late))
    }

    /// The events that arrived behind the watermark at this stage (which must be the result of `timestamps`),
    /// instead of dropping them. They are still counted as `lateEvents`.
    public var lateEvents: Stage<Item> {
        guard builder.owns(self, use: "lateEvents") else { return self }
        guard port == .main, let late = builder.eventTimeStages[id] else {
            builder.problems.append(
                PipelineError("lateEvents is only available on the stage returned by timestamps(...)", stage: name))
            return Stage(builder: builder, id: -1)
        }
        guard late == .drop else {
            builder.problems.append(
                PipelineError("lateEvents of a stage that keeps its late events in the stream (late: .keep)", stage: name))
            return Stage(builder: builder, id: -1)
        }
        builder.plan.stages[id].divertsLateEvents = true
        return Stage(builder: builder, id: id, port: .late)
    }

    private func assignEventTime(_ spec: EventTimeSpec<Item>) -> Stage<Item> {
        guard builder.owns(self, use: "timestamps") else { return self }
        if port == .main, let source = builder.sourceDescriptors[id] as? Source<Item>,
            builder.plan.consumers(of: id).isEmpty, builder.eventTimeStages[id] == nil
        {
            if spec.timestamp == nil && !source.readsRecordTimestamps {
                builder.problems.append(
                    PipelineError("this source has no record timestamps; pass a timestamp function", stage: name))
            }
            builder.plan.stages[id].lowering = source.lowering(eventTime: spec)
            builder.plan.stages[id].detail = (source.detail) + ", event time" + (spec.keepsLate ? ", late events kept" : "")
            builder.eventTimeStages[id] = spec.late
            return self
        }
        guard spec.timestamp != nil else {
            builder.problems.append(
                PipelineError("record timestamps can only be read right on a Kafka source", stage: name))
            return self
        }
        let lowering = VertexLowering(
            build: { dag, request in
                dag.addLowered(request.name, parallelism: request.parallelism) { _ in
                    EventTimeProcessor(policy: spec.policy(divertLate: request.divertsLateEvents))
                }
            },
            makeFanOut: identityFanOut(Item.self), isCooperative: true)
        let id = builder.addStage(
            kind: .timestamps, name: "timestamps", inputs: [PlanInput(stage: id, port: port, routing: .forward)],
            parallelism: .inherit, lowering: .vertex(lowering))
        builder.eventTimeStages[id] = spec.late
        return Stage(builder: builder, id: id)
    }
}
