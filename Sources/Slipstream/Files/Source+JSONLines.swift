import SlipstreamEngine

extension Source {
    /// The lines of a JSON Lines file, decoded into `Item`s, by one instance on a thread of its own; the source
    /// ends at the end of the file. A line that does not decode goes to `deadLetters` (default: the log), with
    /// its line number, and is counted.
    public static func jsonLines(
        _ path: String, decoding: PayloadDecoding<Item>, deadLetters: DeadLetterDestination = .log
    ) -> Source {
        Source(
            defaultName: "file", detail: "JSON Lines \(path) as \(Item.self), \(deadLetters.summary)",
            parallelism: .fixed(1), isCooperative: false, readsRecordTimestamps: false,
            build: { dag, request, eventTime in
                let pipeline = request.pipelineName
                let divertLate = request.divertsLateEvents
                let connection = request.configuration.kafka
                return dag.addLowered(request.name, parallelism: request.parallelism) { _ in
                    JSONLinesSourceProcessor(
                        path: path, decoding: decoding, deadLetters: deadLetters, eventTime: eventTime,
                        divertLate: divertLate, pipeline: pipeline, connection: connection)
                }
            })
    }
}

extension Source where Item: Decodable & SendableMetatype {
    /// The lines of a JSON Lines file decoded into `Item` by SlipstreamJSON's fast decoder; see
    /// ``jsonLines(_:decoding:deadLetters:)``.
    public static func jsonLines(
        _ path: String, as type: Item.Type, deadLetters: DeadLetterDestination = .log
    ) -> Source {
        jsonLines(path, decoding: .json, deadLetters: deadLetters)
    }
}
