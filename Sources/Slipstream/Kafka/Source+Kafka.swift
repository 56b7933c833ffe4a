import SlipstreamEngine

extension Source {
    /// Records of Kafka topics, decoded into `Item`s.
    ///
    /// Each instance (by default one per worker thread) owns a fixed share of the topics' partitions. A thread
    /// per instance polls them; the instance decodes on the cooperative worker threads, in parallel with polling. Event time may come from a field (`timestamps(\.time)`) or from the records
    /// (`timestamps(.kafkaRecord)`), tracked per partition. A record that does not decode is a dead letter: it
    /// goes to `options.deadLetters` (default: the topic `<first topic>-dead-letters`) with the reason,
    /// topic, partition and offset in headers, is counted, and the job goes on.
    @inlinable
    public static func kafka(
        _ topics: String..., decoding: PayloadDecoding<Item>, options: KafkaSourceOptions = KafkaSourceOptions()
    ) -> Source {
        kafka(topics, decoding: decoding, options: options)
    }

    /// Records of Kafka topics, decoded into `Item`s; see ``kafka(_:decoding:options:)-(String...,_,_)``.
    ///
    /// Inlinable, so that the source's per-record path is specialized for `Item` where the pipeline is declared.
    @inlinable
    public static func kafka(
        _ topics: [String], decoding: PayloadDecoding<Item>, options: KafkaSourceOptions = KafkaSourceOptions()
    ) -> Source {
        Source(
            defaultName: topics.joined(separator: "+"), detail: kafkaDetail(topics, options), parallelism: .perWorker,
            isCooperative: true,
            readsRecordTimestamps: true,
            build: { dag, request, eventTime in
                guard !topics.isEmpty else { throw PipelineError("a Kafka source needs at least one topic") }
                let connection = try request.kafkaConnection(options.connection, for: "source")
                let pipeline = request.pipelineName
                let divertLate = request.divertsLateEvents
                return dag.addLowered(request.name, parallelism: request.parallelism) { _ in
                    KafkaSourceProcessor(
                        topics: topics, options: options, connection: connection, decoding: decoding,
                        eventTime: eventTime, divertLate: divertLate, pipeline: pipeline)
                }
            })
    }
}

extension Source {
    /// What a Kafka source reads, for `describe`.
    @usableFromInline
    static func kafkaDetail(_ topics: [String], _ options: KafkaSourceOptions) -> String {
        "kafka \(topics.joined(separator: ",")) as \(Item.self)"
            + ", \((options.deadLetters ?? .kafka("\(topics.first ?? "")-dead-letters")).summary)"
            + (options.stopAtEnd ? ", until the end offsets" : "")
    }
}

extension Source where Item: Decodable & SendableMetatype {
    /// JSON records of Kafka topics decoded into `Item` by SlipstreamJSON's fast decoder (any `Decodable`
    /// type); see ``kafka(_:decoding:options:)-(String...,_,_)``.
    @inlinable
    public static func kafka(
        _ topics: String..., as type: Item.Type, options: KafkaSourceOptions = KafkaSourceOptions()
    ) -> Source {
        kafka(topics, decoding: .json, options: options)
    }
}
