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

    /// The engine policy; late events go to output ordinal 1 when `divertLate`, else are dropped and counted.
    @usableFromInline
    func policy(divertLate: Bool) -> EventTimePolicy<Item> {
        EventTimePolicy(
            timestamp: timestamp, allowedLateness: allowedLateness, idleTimeout: idleTimeout,
            lateEvents: divertLate ? .sideOutput(ordinal: 1) : .drop)
    }
}

extension Stage {
    /// Assigns event time from each item and emits watermarks; items behind the watermark are *late*.
    ///
    /// Called right on a source, the source itself tracks event time per partition (the watermark is the
    /// minimum over its partitions); anywhere else it adds a stage. Late events are counted
    /// (`lateEvents` in the vertex metrics) and dropped, unless ``lateEvents`` is used to take them as a stream.
    ///
    /// - Parameters:
    ///   - timestamp: the item's event time in milliseconds since 1970; a key path such as `\.time` works.
    ///   - allowedLateness: how far out of order items may arrive and still be on time.
    ///   - idleTimeout: how long a silent partition may hold the watermark back; `nil` forever.
    public func timestamps(
        _ timestamp: @escaping @Sendable (Item) -> Int64, allowedLateness: Duration = .zero,
        idleTimeout: Duration? = .seconds(60)
    ) -> Stage<Item> {
        assignEventTime(EventTimeSpec(timestamp: timestamp, allowedLateness: allowedLateness, idleTimeout: idleTimeout))
    }

    /// Assigns event time from the records' own timestamps: only right on a source that has them (Kafka).
    public func timestamps(
        _ origin: RecordTimestamp, allowedLateness: Duration = .zero, idleTimeout: Duration? = .seconds(60)
    ) -> Stage<Item> {
        assignEventTime(EventTimeSpec(timestamp: nil, allowedLateness: allowedLateness, idleTimeout: idleTimeout))
    }

    /// The events that arrived behind the watermark at this stage (which must be the result of `timestamps`),
    /// instead of dropping them. They are still counted as `lateEvents`.
    public var lateEvents: Stage<Item> {
        guard builder.owns(self, use: "lateEvents") else { return self }
        guard port == .main, builder.eventTimeStages.contains(id) else {
            builder.problems.append(
                PipelineError("lateEvents is only available on the stage returned by timestamps(...)", stage: name))
            return Stage(builder: builder, id: -1)
        }
        builder.plan.stages[id].divertsLateEvents = true
        return Stage(builder: builder, id: id, port: .late)
    }

    private func assignEventTime(_ spec: EventTimeSpec<Item>) -> Stage<Item> {
        guard builder.owns(self, use: "timestamps") else { return self }
        if port == .main, let source = builder.sourceDescriptors[id] as? Source<Item>,
            builder.plan.consumers(of: id).isEmpty, !builder.eventTimeStages.contains(id)
        {
            if spec.timestamp == nil && !source.readsRecordTimestamps {
                builder.problems.append(
                    PipelineError("this source has no record timestamps; pass a timestamp function", stage: name))
            }
            builder.plan.stages[id].lowering = source.lowering(eventTime: spec)
            builder.plan.stages[id].detail = (source.detail) + ", event time"
            builder.eventTimeStages.insert(id)
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
        builder.eventTimeStages.insert(id)
        return Stage(builder: builder, id: id)
    }
}
