import CRdKafka

/// The records one `KafkaConsumer.poll` handed out, in the order librdkafka delivered them (per partition: by
/// offset), plus what happened alongside: errors and partitions whose end was reached.
///
/// A batch, and every record and byte view taken from it, is valid only inside the poll closure; the consumer
/// releases the messages when the closure returns.
public struct KafkaRecordBatch: RandomAccessCollection {
    let messages: UnsafeBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>>

    /// Consumer errors delivered with this batch (e.g. a subscribed topic that does not exist). Fatal ones have
    /// `isFatal` set; others are informational and consumption goes on.
    public let errors: [KafkaError]

    /// Partitions whose end was reached (only with `reportEndOfPartition`).
    public let reachedEnd: [KafkaTopicPartition]

    init(
        messages: UnsafeBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>>, errors: [KafkaError],
        reachedEnd: [KafkaTopicPartition]
    ) {
        self.messages = messages
        self.errors = errors
        self.reachedEnd = reachedEnd
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { messages.count }

    public subscript(position: Int) -> KafkaRecord { KafkaRecord(messages[position]) }

    /// Starts loading the records a little ahead of `position` into the cache, so that reading them does not
    /// stall on memory: librdkafka's broker thread wrote them on another core. Call it once per record, just
    /// before reading the record at `position`; past the end it does nothing. A hint only: nothing changes.
    @inline(__always)
    public func prefetch(ahead position: Int) {
        let count = messages.count
        if position &+ Self.messageDistance < count {
            slip_rdkafka_prefetch_message(messages[position &+ Self.messageDistance])
        }
        if position &+ Self.payloadDistance < count {
            slip_rdkafka_prefetch_payload(messages[position &+ Self.payloadDistance], Self.payloadBytes)
        }
    }

    /// How far ahead the message is loaded, and (once it is near) its payload, and how much of the payload.
    static let messageDistance = 4
    static let payloadDistance = 2
    static let payloadBytes = 256

    /// The next offset to read for each partition in the batch (last offset + 1), ready to commit. Topic names
    /// are made once per partition, not per record.
    public var nextOffsets: [KafkaTopicPartitionOffset] {
        struct Place: Hashable {
            let topic: OpaquePointer
            let partition: Int32
        }
        var last: [Place: Int64] = [:]
        for message in messages {
            guard let topic = message.pointee.rkt else { continue }
            last[Place(topic: topic, partition: message.pointee.partition)] = message.pointee.offset
        }
        return last.map { place, offset in
            KafkaTopicPartitionOffset(
                topic: String(cString: rd_kafka_topic_name(place.topic)), partition: place.partition, offset: offset + 1)
        }
        .sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }
}
