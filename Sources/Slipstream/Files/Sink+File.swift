import SlipstreamEngine

extension Sink {
    /// Writes every item as one line of a file (JSON Lines with a JSON encoding), from one instance: items of
    /// all upstream instances meet there. The file is replaced unless `append` is set.
    public static func file(_ path: String, encoding: PayloadEncoding<Item>, append: Bool = false) -> Sink {
        Sink(
            defaultName: "file", detail: "lines to \(path)", routing: .allToOne, parallelism: .fixed(1),
            isCooperative: false
        ) { dag, request in
            let encode = encoding.encode
            return dag.addLowered(request.name, parallelism: request.parallelism) { _ in
                FileSinkProcessor(path: path, append: append, encode: encode)
            }
        }
    }
}

extension Sink where Item: PayloadEncodable & SendableMetatype {
    /// Writes every item's ``PayloadEncodable`` bytes as one line of a file; see ``file(_:encoding:append:)``.
    public static func file(_ path: String, append: Bool = false) -> Sink {
        file(path, encoding: .payload, append: append)
    }
}
