import CRdKafka
import Logging

/// Owns one `rd_kafka_t` handle (producer or consumer) and its callback context; destroying it closes the client.
///
/// librdkafka's handle is thread-safe; the Swift types built on this one add a lock only around poll-style calls.
final class RDKafkaClient: @unchecked Sendable {
    let handle: OpaquePointer
    let context: RDKafkaCallbackContext
    let isConsumer: Bool
    /// The consumer's queue (`rd_kafka_queue_get_consumer`), owned here; nil for producers.
    let consumerQueue: OpaquePointer?

    init(type: rd_kafka_type_t, config: RDKafkaConfig, context: RDKafkaCallbackContext) throws(KafkaError) {
        handle = try config.create(type)
        self.context = context
        isConsumer = type == RD_KAFKA_CONSUMER
        if isConsumer {
            // Serve rebalance, commit and error events from the consumer queue, so one batch poll serves all.
            rd_kafka_poll_set_consumer(handle)
            consumerQueue = rd_kafka_queue_get_consumer(handle)
        } else {
            consumerQueue = nil
        }
    }

    deinit {
        if let consumerQueue { rd_kafka_queue_destroy(consumerQueue) }
        rd_kafka_destroy(handle)
    }

    /// The number of partitions of `topic`, asking a broker. Throws `unknownTopicOrPartition` when the topic does
    /// not exist, and a transport or timeout error when no broker answers within `timeout`.
    ///
    /// It lists all topics rather than asking for this one: a request naming a topic can make a broker (or
    /// librdkafka's mock, when the request goes out before the protocol versions are negotiated) create it.
    func partitionCount(topic: String, timeout: Duration) throws(KafkaError) -> Int {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle, 1, nil, &metadata, timeout.kafkaMilliseconds)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError.rdKafka(
                code,
                message: "no metadata within \(timeout) (\(String(cString: rd_kafka_err2str(code)))): are the brokers reachable?")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        guard let metadata else { throw KafkaError.rdKafka(RD_KAFKA_RESP_ERR__TRANSPORT, message: "no metadata") }
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let entry = metadata.pointee.topics[index]
            guard String(cString: entry.topic) == topic else { continue }
            if entry.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError.rdKafka(entry.err, message: "topic '\(topic)': \(String(cString: rd_kafka_err2str(entry.err)))")
            }
            return Int(entry.partition_cnt)
        }
        throw KafkaError.rdKafka(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, message: "topic '\(topic)' does not exist")
    }

    /// Makes librdkafka know the leaders of `topics`' partitions, best effort, within `timeout`.
    ///
    /// A consumer that starts fetching from a logical offset (beginning, end) while a partition's leader is still
    /// unknown waits for librdkafka's 500 ms offset-query retry timer. Creating the local topic objects first and
    /// then asking for metadata delegates every partition to its leader before the assignment starts.
    func learnLeaders(of topics: Set<String>, timeout: Duration) {
        let handles = topics.compactMap { rd_kafka_topic_new(handle, $0, nil) }
        defer { handles.forEach { rd_kafka_topic_destroy($0) } }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        if rd_kafka_metadata(handle, 1, nil, &metadata, timeout.kafkaMilliseconds) == RD_KAFKA_RESP_ERR_NO_ERROR {
            rd_kafka_metadata_destroy(metadata)
        }
    }

    /// Asks the partition leader for the low and high watermarks.
    func queryWatermarks(topic: String, partition: Int32, timeout: Duration) throws(KafkaError) -> KafkaWatermarks {
        var low: Int64 = 0
        var high: Int64 = 0
        let code = rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, timeout.kafkaMilliseconds)
        try throwIfError(code, message: "watermarks of \(topic)[\(partition)]: \(String(cString: rd_kafka_err2str(code)))")
        return KafkaWatermarks(low: low, high: high)
    }

    /// The fatal error that made the client unusable, if any.
    func fatalError() -> KafkaError? {
        var text = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(handle, &text, text.count)
        if code == RD_KAFKA_RESP_ERR_NO_ERROR { return nil }
        let message = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return KafkaError(
            code: KafkaError.Code(rawValue: code.rawValue), name: String(cString: rd_kafka_err2name(code)),
            message: message, isFatal: true)
    }

    /// The librdkafka version string, e.g. "2.0.2".
    static var libraryVersion: String { String(cString: rd_kafka_version_str()) }
}
