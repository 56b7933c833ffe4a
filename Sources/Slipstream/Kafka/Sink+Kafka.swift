import SlipstreamEngine

extension Sink {
    /// Writes every item to a Kafka topic, encoded by `encoding`, keyed by `key` (none by default: the
    /// producer spreads keyless messages over the partitions).
    ///
    /// The sink runs as many instances as the stage it reads, each on its own thread. What it promises follows
    /// the job's ``JobConfig/processingGuarantee``:
    /// - ``ProcessingGuarantee/exactlyOnce``: every instance of every Kafka sink of the job shares one
    ///   transactional producer (`transactional.id` ``KafkaSinkOptions/transactionalID``, default
    ///   `<pipeline>.kafka-sinks`), and each transaction commits with a snapshot, together with a record in the
    ///   transaction log (``KafkaSinkOptions/transactionLogTopic``, default `<pipeline>-transactions`) naming
    ///   the snapshot's position; a `read_committed` consumer sees every result once, whatever crashes happen.
    ///   The job needs a snapshot sink (output is committed only by snapshots and on completion), and a restart
    ///   must restore the snapshot the log names (`run-pipeline run` does). See ``KafkaSinkCommit``.
    /// - ``ProcessingGuarantee/atLeastOnce``: an idempotent producer per instance, flushed at every snapshot.
    /// - ``ProcessingGuarantee/none``: a producer per instance, flushed when the job completes.
    ///
    /// A message that cannot be delivered fails the job unless `options.onDeliveryFailure` says to count it and
    /// go on (never for exactly-once).
    public static func kafka(
        _ topic: String, encoding: PayloadEncoding<Item>, key: (@Sendable (Item) -> String?)? = nil,
        options: KafkaSinkOptions = KafkaSinkOptions()
    ) -> Sink {
        Sink(defaultName: topic, detail: "kafka \(topic)", isCooperative: false) { dag, request in
            let connection = try request.kafkaConnection(options.connection, for: "sink")
            let pipeline = request.pipelineName
            let encode = encoding.encode
            let guarantee = request.configuration.job.processingGuarantee
            var transaction: KafkaSinkTransaction.Settings?
            if guarantee == .exactlyOnce {
                let transactionalID = options.transactionalID ?? "\(pipeline).kafka-sinks"
                guard !transactionalID.contains(where: \.isWhitespace), !transactionalID.isEmpty else {
                    throw PipelineError("the transactional id '\(transactionalID)' must be non-empty without spaces", stage: request.name)
                }
                if request.isForRunning && request.configuration.job.snapshotSink == nil {
                    throw PipelineError(
                        "an exactly-once Kafka sink commits its output with snapshots, and the job takes none: configure a snapshot store (run-pipeline run --snapshot-dir), or choose at-least-once",
                        stage: request.name)
                }
                transaction = KafkaSinkTransaction.Settings(
                    logTopic: options.transactionLogTopic ?? "\(pipeline)-transactions", transactionalID: transactionalID,
                    connection: connection, options: options, pipeline: pipeline)
            }
            let shared = transaction
            return dag.addLowered(request.name, parallelism: request.parallelism) { _ in
                KafkaSinkProcessor(
                    topic: topic, options: options, connection: connection, encode: encode, key: key, pipeline: pipeline,
                    guarantee: guarantee, transaction: shared)
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
