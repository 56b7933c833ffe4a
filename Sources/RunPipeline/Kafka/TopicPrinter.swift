import SlipstreamKafka

/// The consume command's per-batch work: prints records as JSON Lines, reports values that are not JSON, and
/// keeps the offsets to commit and the partitions whose end was reached.
struct TopicPrinter {
    let topic: String
    let strict: Bool
    let partitions: Int
    private var writer: JSONLineWriter
    private(set) var progress = ProgressLine(verb: "consume:")
    private(set) var skipped = 0
    private(set) var failure: String?
    /// Next offset to read per partition: last printed (or skipped) + 1.
    private(set) var nextOffsets: [Int32: Int64] = [:]
    private var ended = Set<Int32>()

    init(topic: String, envelope: Bool, strict: Bool, partitions: Int) {
        self.topic = topic
        self.strict = strict
        self.partitions = partitions
        writer = JSONLineWriter(envelope: envelope)
    }

    var printed: Int { progress.count }
    var reachedEndOfAll: Bool { ended.count == partitions }

    mutating func print(_ batch: KafkaRecordBatch) {
        for error in batch.errors where error.code == .unknownTopicOrPartition || error.isFatal {
            failure = "consuming \(topic): \(error)"
        }
        for record in batch where failure == nil {
            switch writer.write(record) {
            case .written:
                progress.add()
            case .invalid(let reason):
                skipped += 1
                let place = "\(topic)[\(record.partition)]@\(record.offset)"
                if strict {
                    // Not committed: a later run stops at the same message.
                    failure = "\(place): \(reason) (--strict)"
                    continue
                }
                if skipped <= 20 { writeStandardError("\(place): \(reason); skipped\n") }
            }
            nextOffsets[record.partition] = record.offset + 1
            ended.remove(record.partition)
        }
        for end in batch.reachedEnd { ended.insert(end.partition) }
        writer.flush()
        progress.tick()
    }

    mutating func finish() { writer.flush() }
}
