import SlipstreamEngine

extension Sink {
    /// Writes every item to a Kafka topic, encoded by `encoding`, keyed by `key` (none by default: the
    /// producer spreads keyless messages over the partitions).
    ///
    /// The sink runs as many instances as the stage it reads, each with its own producer on its own thread.
    /// It flushes when the job completes and at every snapshot; a message that cannot be delivered fails the job
    /// unless `options.onDeliveryFailure` says to count it and go on.
    public static func kafka(
        _ topic: String, encoding: PayloadEncoding<Item>, key: (@Sendable (Item) -> String?)? = nil,
        options: KafkaSinkOptions = KafkaSinkOptions()
    ) -> Sink {
        Sink(defaultName: topic, detail: "kafka \(topic)", isCooperative: false) { dag, request in
            let connection = try request.kafkaConnection(options.connection, for: "sink")
            let pipeline = request.pipelineName
            let encode = encoding.encode
            return dag.addLowered(request.name, parallelism: request.parallelism) { _ in
                KafkaSinkProcessor(
                    topic: topic, options: options, connection: connection, encode: encode, key: key, pipeline: pipeline)
            }
        }
    }
}

extension Sink where Item: PayloadEncodable & SendableMetatype {
    /// Writes every item's ``PayloadEncodable`` bytes to a Kafka topic; see
    /// ``kafka(_:encoding:key:options:)``.
    public static func kafka(
        _ topic: String, key: (@Sendable (Item) -> String?)? = nil, options: KafkaSinkOptions = KafkaSinkOptions()
    ) -> Sink {
        kafka(topic, encoding: .payload, key: key, options: options)
    }
}
